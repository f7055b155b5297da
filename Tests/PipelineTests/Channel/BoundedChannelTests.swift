import Pipeline
import Testing

struct BoundedChannelTests {
    @Test func sendSuspendsWhenChannelIsFull() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(1)
        let sender = Task { try await channel.send(2) }
        #expect(await eventually { channel.suspendedSenders == 1 })
        #expect(channel.count == 1)
        #expect(await channel.receive() == 1)
        try await sender.value
        #expect(await channel.receive() == 2)
    }

    @Test func trySendReportsEnqueuedFullAndClosed() {
        let channel = BoundedChannel<Int>(capacity: 1)
        #expect(channel.trySend(1) == .enqueued)
        #expect(channel.trySend(2) == .full)
        channel.finish()
        #expect(channel.trySend(3) == .closed)
        #expect(channel.count == 1)
    }

    @Test func elementsAndSuspendedSendersAreServedInOrder() async throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        try await channel.send(0)
        try await channel.send(1)
        // Park senders one at a time so their suspension order is known.
        var senders: [Task<Void, any Error>] = []
        for value in 2..<6 {
            senders.append(Task { try await channel.send(value) })
            #expect(await eventually { channel.suspendedSenders == value - 1 })
        }
        var received: [Int] = []
        for _ in 0..<6 { received.append(await channel.receive() ?? -1) }
        #expect(received == Array(0..<6))
        for sender in senders { try await sender.value }
    }

    @Test func batchReceiveTakesEverythingAvailableUpToMax() async throws {
        let channel = BoundedChannel<Int>(capacity: 8)
        for value in 0..<5 { try await channel.send(value) }
        #expect(await channel.receive(upTo: 3) == [0, 1, 2])
        #expect(await channel.receive(upTo: 16) == [3, 4])
        try await channel.send(9)
        #expect(await channel.receive(upTo: 0) == [9])
    }

    @Test func batchReceiverSuspendsUntilAnElementArrives() async throws {
        let channel = BoundedChannel<Int>(capacity: 4)
        let receiver = Task { await channel.receive(upTo: 4) }
        try await Task.sleep(for: .milliseconds(5))
        try await channel.send(42)
        #expect(await receiver.value == [42])
    }

    @Test func finishDrainsBufferedElementsThenReturnsNil() async throws {
        let channel = BoundedChannel<Int>(capacity: 4)
        try await channel.send(1)
        try await channel.send(2)
        channel.finish()
        await #expect(throws: ChannelClosed.self) { try await channel.send(3) }
        #expect(await channel.receive() == 1)
        #expect(await channel.receive(upTo: 4) == [2])
        #expect(await channel.receive() == nil)
        #expect(await channel.receive(upTo: 4) == [])
    }

    @Test func finishResumesSuspendedSendersWithClosedAndReceiversWithNil() async throws {
        let full = BoundedChannel<Int>(capacity: 1)
        try await full.send(1)
        let sender = Task { try await full.send(2) }
        #expect(await eventually { full.suspendedSenders == 1 })
        let empty = BoundedChannel<Int>(capacity: 1)
        let receiver = Task { await empty.receive() }
        try await Task.sleep(for: .milliseconds(5))
        full.finish()
        empty.finish()
        await #expect(throws: ChannelClosed.self) { try await sender.value }
        #expect(await receiver.value == nil)
        // The parked element was never enqueued: only the first one drains.
        #expect(await full.receive(upTo: 8) == [1])
        #expect(await full.receive() == nil)
    }

    @Test func cancelledSuspendedSenderThrowsAndItsElementIsNotEnqueued() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(1)
        let sender = Task { try await channel.send(2) }
        #expect(await eventually { channel.suspendedSenders == 1 })
        sender.cancel()
        await #expect(throws: CancellationError.self) { try await sender.value }
        #expect(channel.suspendedSenders == 0)
        channel.finish()
        #expect(await channel.receive(upTo: 8) == [1])
        #expect(await channel.receive() == nil)
    }

    @Test func cancelledSuspendedReceiverGetsNilAndConsumesNothing() async throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        let receiver = Task { await channel.receive() }
        let batchReceiver = Task { await channel.receive(upTo: 4) }
        try await Task.sleep(for: .milliseconds(5))
        receiver.cancel()
        batchReceiver.cancel()
        #expect(await receiver.value == nil)
        #expect(await batchReceiver.value == [])
        try await channel.send(7)
        #expect(channel.count == 1)
        #expect(await channel.receive() == 7)
    }

    @Test func alreadyCancelledTaskNeverParks() async {
        let channel = BoundedChannel<Int>(capacity: 1)
        _ = channel.trySend(1)
        let outcome = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            do { try await channel.send(2); return "sent" } catch is CancellationError { return "cancelled" } catch { return "\(error)" }
        }
        #expect(await outcome.value == "cancelled")
        #expect(channel.suspendedSenders == 0)
    }

    @Test func sendWithTimeoutThrowsTimedOutAndLeavesChannelUnchanged() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(1)
        await #expect(throws: ChannelTimedOut.self) { try await channel.send(2, timeout: .milliseconds(20)) }
        await #expect(throws: ChannelTimedOut.self) { try await channel.send(3, timeout: .zero) }
        #expect(channel.suspendedSenders == 0)
        channel.finish()
        #expect(await channel.receive(upTo: 8) == [1])
    }

    @Test func repeatedTimeoutsLeaveNothingParkedAndTheChannelUsable() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(0)
        for value in 1...50 {
            await #expect(throws: ChannelTimedOut.self) { try await channel.send(value, timeout: .microseconds(100)) }
        }
        #expect(channel.suspendedSenders == 0)
        #expect(await channel.receive() == 0)
        try await channel.send(99, timeout: .seconds(60))
        #expect(await channel.receive() == 99)
    }

    @Test func sendWithTimeoutSucceedsWhenRoomFreesInTime() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(1)
        let sender = Task { try await channel.send(2, timeout: .seconds(60)) }
        #expect(await eventually { channel.suspendedSenders == 1 })
        #expect(await channel.receive() == 1)
        try await sender.value
        #expect(await channel.receive() == 2)
    }

    @Test func sendWithTimeoutPropagatesCancellationAndClose() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        try await channel.send(1)
        let cancelled = Task { try await channel.send(2, timeout: .seconds(60)) }
        #expect(await eventually { channel.suspendedSenders == 1 })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        let closed = Task { try await channel.send(3, timeout: .seconds(60)) }
        #expect(await eventually { channel.suspendedSenders == 1 })
        channel.finish()
        await #expect(throws: ChannelClosed.self) { try await closed.value }
        #expect(await channel.receive(upTo: 8) == [1])
    }

    @Test func stampedReceiveReportsWhenTheElementWasSent() async throws {
        let channel = BoundedChannel<String>(capacity: 2)
        let before = ContinuousClock.now
        try await channel.send("a")
        let stamped = try #require(await channel.receiveStamped())
        #expect(stamped.element == "a")
        #expect(stamped.enqueuedAt >= before)
        #expect(stamped.enqueuedAt <= .now)
    }
}
