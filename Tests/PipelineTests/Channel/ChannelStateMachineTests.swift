@testable import Pipeline
import TestSupport
import Testing

/// The channel's logic without tasks: waiters are plain strings naming who to resume.
struct ChannelStateMachineTests {
    typealias Machine = ChannelStateMachine<Int, String, String>

    private let ids = IDSource()
    private func nextID() -> UInt64 { ids.next() }

    private func stamp(_ value: Int) -> Stamped<Int> { Stamped(value, enqueuedAt: .now) }

    private func values(_ action: Machine.TakeAction) -> [Int] {
        if case .elements(let elements, _) = action { return elements.map(\.element) }
        return []
    }

    @Test func offerEnqueuesUntilCapacityThenReportsFull() {
        var machine = Machine(capacity: 2)
        guard case .enqueued = machine.offer(stamp(1)), case .enqueued = machine.offer(stamp(2)) else {
            Issue.record("first two offers should enqueue"); return
        }
        guard case .full = machine.offer(stamp(3)) else { Issue.record("third offer should be full"); return }
        #expect(machine.count == 2)
        #expect(machine.checkInvariants())
    }

    @Test func takeReturnsElementsInOrderAndAdmitsSuspendedSendersInOrder() {
        var machine = Machine(capacity: 2)
        _ = machine.offer(stamp(1)); _ = machine.offer(stamp(2))
        machine.suspendSender(id: nextID(), element: stamp(3), waiter: "s3")
        machine.suspendSender(id: nextID(), element: stamp(4), waiter: "s4")
        #expect(machine.checkInvariants())
        guard case .elements(let first, let resumed) = machine.take(upTo: 1) else {
            Issue.record("expected elements"); return
        }
        #expect(first.map(\.element) == [1])
        #expect(resumed == ["s3"])
        guard case .elements(let rest, let resumedRest) = machine.take(upTo: 10) else {
            Issue.record("expected elements"); return
        }
        #expect(rest.map(\.element) == [2, 3, 4])
        #expect(resumedRest == ["s4"])
        #expect(machine.count == 0)
        #expect(machine.checkInvariants())
    }

    @Test func offerHandsElementToWaitingReceiverFirst() {
        var machine = Machine(capacity: 1)
        guard case .empty = machine.take(upTo: 4) else { Issue.record("expected empty"); return }
        machine.suspendReceiver(id: nextID(), waiter: "r1")
        machine.suspendReceiver(id: nextID(), waiter: "r2")
        guard case .deliver(let to) = machine.offer(stamp(7)) else { Issue.record("expected delivery"); return }
        #expect(to == "r1")
        #expect(machine.count == 0)
        #expect(machine.checkInvariants())
    }

    @Test func cancelledSenderIsRemovedOnceAndItsElementNeverEnqueued() {
        var machine = Machine(capacity: 1)
        _ = machine.offer(stamp(1))
        let id = nextID()
        machine.suspendSender(id: id, element: stamp(2), waiter: "s2")
        #expect(machine.cancelSender(id: id) == "s2")
        #expect(machine.cancelSender(id: id) == nil)
        #expect(values(machine.take(upTo: 10)) == [1])
        guard case .empty = machine.take(upTo: 1) else { Issue.record("expected empty"); return }
    }

    @Test func cancelledReceiverIsRemovedAndLaterSendsGoToTheNextOne() {
        var machine = Machine(capacity: 1)
        let first = nextID(), second = nextID()
        machine.suspendReceiver(id: first, waiter: "r1")
        machine.suspendReceiver(id: second, waiter: "r2")
        #expect(machine.cancelReceiver(id: first) == "r1")
        guard case .deliver(let to) = machine.offer(stamp(5)) else { Issue.record("expected delivery"); return }
        #expect(to == "r2")
        #expect(machine.cancelReceiver(id: second) == nil)
    }

    @Test func finishReleasesWaitersButKeepsBufferedElementsForDraining() {
        var machine = Machine(capacity: 1)
        _ = machine.offer(stamp(1))
        machine.suspendSender(id: nextID(), element: stamp(2), waiter: "s2")
        let action = machine.finish()
        #expect(action.senders == ["s2"])
        #expect(action.receivers.isEmpty)
        guard case .closed = machine.offer(stamp(3)) else { Issue.record("expected closed"); return }
        #expect(values(machine.take(upTo: 5)) == [1])
        guard case .finished = machine.take(upTo: 5) else { Issue.record("expected finished"); return }
        guard case .finished = machine.takeOne() else { Issue.record("expected finished"); return }
        #expect(machine.finish().senders.isEmpty)
    }

    @Test func finishResumesWaitingReceiversWithNothing() {
        var machine = Machine(capacity: 3)
        machine.suspendReceiver(id: nextID(), waiter: "r1")
        #expect(machine.finish().receivers == ["r1"])
        #expect(machine.checkInvariants())
    }

    @Test(arguments: [1, 2, 3, 7])
    func randomOperationsKeepInvariantsAndFIFO(capacity: Int) {
        var rng = SplitMix64(seed: UInt64(capacity))
        var machine = Machine(capacity: capacity)
        var nextValue = 0, expected = 0
        var parkedSenders: [UInt64] = []
        for _ in 0..<2_000 {
            switch rng.next() % 4 {
            case 0:
                if case .full = machine.offer(stamp(nextValue)) {
                    let id = nextID()
                    machine.suspendSender(id: id, element: stamp(nextValue), waiter: "s\(nextValue)")
                    parkedSenders.append(id)
                }
                nextValue += 1
            case 1, 2:
                for value in values(machine.take(upTo: Int(rng.next() % 4) + 1)) {
                    // Strictly increasing: a withdrawn (cancelled) value may leave a gap.
                    #expect(value >= expected)
                    expected = value + 1
                }
            default:
                // Cancelling a parked sender withdraws its value: later values must still be in order.
                if let id = parkedSenders.popLast() { _ = machine.cancelSender(id: id) }
            }
            #expect(machine.checkInvariants())
        }
    }
}

/// Waiter ids for the tests, as the channel's atomic counter hands them out.
private final class IDSource {
    private var last: UInt64 = 0
    func next() -> UInt64 {
        last += 1
        return last
    }
}
