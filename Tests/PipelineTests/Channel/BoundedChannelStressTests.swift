import TestSupport
import Pipeline
import Testing

/// Many senders and receivers, random cancellations, a finish part-way: every element id must be
/// received exactly once or handed back to its sender by an error, never both, never neither.
struct BoundedChannelStressTests {
    private enum SendOutcome: Sendable { case sent, returned }

    @Test(arguments: 1...10)
    func nothingIsLostOrDuplicatedUnderConcurrencyAndCancellation(seed: UInt64) async throws {
        var rng = SplitMix64(seed: seed)
        let capacity = Int(rng.next() % 6) + 1
        let senderCount = 6, perSender = 400, receiverCount = 4
        // Even seeds finish the channel part-way, while senders are still sending.
        let finishAfter: Duration? = seed.isMultiple(of: 2) ? .microseconds(Int64(rng.next() % 20_000)) : nil
        let channel = BoundedChannel<Int>(capacity: capacity)

        let receivers = (0..<receiverCount).map { index in
            let receiverSeed = seed &* 1_000 &+ UInt64(index)
            return Task { await Self.receiveAll(from: channel, batch: index.isMultiple(of: 2), seed: receiverSeed) }
        }
        let senders = (0..<senderCount).map { index in
            let senderSeed = seed &* 7_919 &+ UInt64(index)
            let ids = Array((index * perSender)..<((index + 1) * perSender))
            return Task { await Self.sendAll(ids, to: channel, seed: senderSeed) }
        }

        let finisher = Task {
            guard let finishAfter else { return }
            try? await Task.sleep(for: finishAfter)
            channel.finish()
        }

        var sent = Set<Int>(), returned = Set<Int>()
        for sender in senders {
            for (id, outcome) in await sender.value {
                switch outcome {
                case .sent: sent.insert(id)
                case .returned: returned.insert(id)
                }
            }
        }
        await finisher.value
        channel.finish()
        var received: [Int] = []
        for receiver in receivers { received += await receiver.value }
        #expect(await channel.receive() == nil, "receivers stopped before the channel was drained")

        #expect(received.count == Set(received).count, "an element was received twice")
        #expect(Set(received) == sent, "received and successfully sent elements differ")
        #expect(sent.isDisjoint(with: returned))
        #expect(sent.count + returned.count == senderCount * perSender)
        #expect(channel.suspendedSenders == 0)
    }

    private static func sendAll(_ ids: [Int], to channel: BoundedChannel<Int>, seed: UInt64) async -> [(Int, SendOutcome)] {
        var rng = SplitMix64(seed: seed)
        var outcomes: [(Int, SendOutcome)] = []
        for id in ids {
            let mode = rng.next() % 8
            let timeout = Duration.microseconds(Int64(rng.next() % 200))
            let attempt = Task<Bool, Never> {
                do {
                    switch mode {
                    case 0: return channel.trySend(id) == .enqueued
                    case 1: try await channel.send(id, timeout: timeout)
                    default: try await channel.send(id)
                    }
                    return true
                } catch {
                    return false
                }
            }
            if rng.next() % 5 == 0 {
                await Task.yield()
                attempt.cancel()
            }
            outcomes.append((id, await attempt.value ? .sent : .returned))
        }
        return outcomes
    }

    private static func receiveAll(from channel: BoundedChannel<Int>, batch: Bool, seed: UInt64) async -> [Int] {
        var rng = SplitMix64(seed: seed)
        var received: [Int] = []
        // Bounded: every round either receives, is cancelled, or ends the loop on a drained channel.
        for _ in 0..<100_000 {
            let maxCount = Int(rng.next() % 5) + 1
            let attempt = Task<[Int]?, Never> {
                if batch { return await channel.receive(upTo: maxCount) }
                return await channel.receive().map { [$0] } ?? []
            }
            let cancelled = rng.next() % 6 == 0
            if cancelled {
                await Task.yield()
                attempt.cancel()
            }
            let got = await attempt.value ?? []
            received += got
            // Receivers keep going until the channel is drained: senders wait on them.
            if got.isEmpty && !cancelled { return received }
        }
        Issue.record("receiver loop did not end")
        return received
    }
}
