// Ownership and threading:
//   - All state lives in ChannelStateMachine inside one Mutex. No continuation is ever resumed
//     while the Mutex is held: each critical section returns an action, resumed after unlock.
//   - A suspended sender still owns its element: it enters the buffer only when a slot frees,
//     so a sender resumed with ChannelClosed or CancellationError never had it enqueued.
//   - Cancellation: the handler removes the waiter by id under the lock and resumes it only if
//     it was still parked. The registration checks Task.isCancelled under the same lock, so a
//     cancellation that lands before the waiter is parked is never missed.
//   - Async methods are `nonisolated(nonsending)`: an actor stage calling `send` or `receive`
//     stays on its own executor instead of hopping to the global pool and back.
//   - The hot paths are @inlinable so the channel is specialised for the element type in the
//     module that declares it (unspecialised generic code measured 2-4x slower per hop).

public import Synchronization

/// A bounded multi-producer multi-consumer FIFO channel whose `send` suspends while it is full.
///
/// Every element is stamped with the instant `send` was called; the `receiveStamped` variants
/// return that stamp so a consumer can measure queue wait (see `Stamped`).
public final class BoundedChannel<Element: Sendable>: Sendable {
    @usableFromInline typealias Machine = ChannelStateMachine<Element, SendContinuation, ReceiveContinuation<Element>>

    @usableFromInline enum SendOutcome { case suspended, sent, closed, cancelled, deliver(ReceiveContinuation<Element>) }
    @usableFromInline enum ReceiveOutcome { case suspended, done(Stamped<Element>?, SendContinuation?) }

    @usableFromInline let state: Mutex<Machine>
    @usableFromInline let ids = Atomic<UInt64>(0)

    /// The most elements the channel buffers; senders past it suspend.
    public let capacity: Int

    /// Creates a channel holding at most `capacity` elements (at least 1).
    public init(capacity: Int) {
        precondition(capacity >= 1, "BoundedChannel capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
        state = Mutex(Machine(capacity: capacity))
    }

    /// Elements buffered now (excluding senders still suspended). Cheap: one uncontended lock.
    @inlinable
    public var count: Int { state.withLock { $0.count } }

    /// Senders suspended now because the channel is full.
    public var suspendedSenders: Int { state.withLock { $0.suspendedSenderCount } }

    /// True once `finish` has been called (elements may still be buffered).
    public var isFinished: Bool { state.withLock { $0.lifecycle == .finished } }

    // MARK: Sending

    /// Enqueues without suspending, or says why it could not.
    @inlinable
    public func trySend(_ element: Element) -> TrySendResult {
        let stamped = Stamped(element, enqueuedAt: .now)
        switch state.withLock({ $0.offer(stamped) }) {
        case .enqueued:
            return .enqueued
        case .deliver(let receiver):
            receiver.resume(returning: stamped)
            return .enqueued
        case .full:
            return .full
        case .closed:
            return .closed
        }
    }

    /// Enqueues `element`, suspending while the channel is full.
    ///
    /// Throws `ChannelClosed` when the channel is (or becomes) finished and `CancellationError`
    /// when the task is cancelled while suspended; in both cases the element was not enqueued.
    @inlinable
    public nonisolated(nonsending) func send(_ element: Element) async throws {
        let stamped = Stamped(element, enqueuedAt: .now)
        switch state.withLock({ $0.offer(stamped) }) {
        case .enqueued:
            return
        case .deliver(let receiver):
            receiver.resume(returning: stamped)
            return
        case .closed:
            throw ChannelClosed()
        case .full:
            try await suspendSender(stamped)
        }
    }

    /// `send` that gives up after `timeout` with `ChannelTimedOut` (the element not enqueued).
    ///
    /// The fast path (room in the channel) spawns nothing; a full channel races the send against
    /// a sleep in a task group, so no task or continuation outlives the call.
    @inlinable
    public nonisolated(nonsending) func send(_ element: Element, timeout: Duration) async throws {
        switch trySend(element) {
        case .enqueued: return
        case .closed: throw ChannelClosed()
        case .full: break
        }
        guard timeout > .zero else { throw ChannelTimedOut() }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await self.send(element); return true }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            // A send error (closed, or cancelled with us) propagates from here.
            let sent = try await group.next() ?? false
            group.cancelAll()
            if sent { return }
            do {
                // The timer won: the cancelled send either lost the race (CancellationError)
                // or enqueued just before it saw the cancellation (true).
                if try await group.next() == true { return }
            } catch is CancellationError {
                if Task.isCancelled { throw CancellationError() }
                throw ChannelTimedOut()
            }
            throw ChannelTimedOut()
        }
    }

    @inlinable
    nonisolated(nonsending) func suspendSender(_ stamped: Stamped<Element>) async throws {
        let id = ids.wrappingAdd(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withSendContinuation { (continuation: SendContinuation) in
                let outcome: SendOutcome = state.withLock { machine in
                    if Task.isCancelled { return .cancelled }
                    switch machine.offer(stamped) {
                    case .enqueued: return .sent
                    case .deliver(let receiver): return .deliver(receiver)
                    case .closed: return .closed
                    case .full:
                        machine.suspendSender(id: id, element: stamped, waiter: continuation)
                        return .suspended
                    }
                }
                switch outcome {
                case .suspended: break
                case .sent: continuation.resume()
                case .closed: continuation.resume(throwing: ChannelClosed())
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .deliver(let receiver):
                    receiver.resume(returning: stamped)
                    continuation.resume()
                }
            }
        } onCancel: {
            state.withLock { $0.cancelSender(id: id) }?.resume(throwing: CancellationError())
        }
    }

    // MARK: Receiving

    /// The oldest element, suspending while the channel is empty.
    /// Nil once the channel is finished and drained, or when the task is cancelled while waiting.
    @inlinable
    public nonisolated(nonsending) func receive() async -> Element? {
        await receiveStamped()?.element
    }

    /// Everything available up to `maxCount` (at least 1) under one lock, suspending only while
    /// the channel is empty. `[]` means finished and drained (or cancelled while waiting).
    @inlinable
    public nonisolated(nonsending) func receive(upTo maxCount: Int) async -> [Element] {
        await receiveStamped(upTo: maxCount).map(\.element)
    }

    /// `receive` with the instant the element was sent.
    @inlinable
    public nonisolated(nonsending) func receiveStamped() async -> Stamped<Element>? {
        switch state.withLock({ $0.takeOne() }) {
        case .element(let element, let sender):
            sender?.resume()
            return element
        case .finished:
            return nil
        case .empty:
            return await suspendReceiver()
        }
    }

    /// `receive(upTo:)` with the instant each element was sent.
    @inlinable
    public nonisolated(nonsending) func receiveStamped(upTo maxCount: Int) async -> [Stamped<Element>] {
        let maxCount = Swift.max(1, maxCount)
        if let batch = takeAvailable(upTo: maxCount) { return batch }
        guard let first = await suspendReceiver() else { return [] }
        guard maxCount > 1, let more = takeAvailable(upTo: maxCount - 1) else { return [first] }
        return [first] + more
    }

    /// Everything available up to `maxCount`; `[]` when finished and drained; nil when empty.
    @inlinable
    func takeAvailable(upTo maxCount: Int) -> [Stamped<Element>]? {
        switch state.withLock({ $0.take(upTo: maxCount) }) {
        case .elements(let elements, let senders):
            for sender in senders { sender.resume() }
            return elements
        case .finished:
            return []
        case .empty:
            return nil
        }
    }

    @inlinable
    nonisolated(nonsending) func suspendReceiver() async -> Stamped<Element>? {
        let id = ids.wrappingAdd(1, ordering: .relaxed).newValue
        return await withTaskCancellationHandler {
            await withReceiveContinuation { (continuation: ReceiveContinuation<Element>) in
                let outcome: ReceiveOutcome = state.withLock { machine in
                    switch machine.takeOne() {
                    case .element(let element, let sender): return .done(element, sender)
                    case .finished: return .done(nil, nil)
                    case .empty:
                        if Task.isCancelled { return .done(nil, nil) }
                        machine.suspendReceiver(id: id, waiter: continuation)
                        return .suspended
                    }
                }
                if case .done(let element, let sender) = outcome {
                    sender?.resume()
                    continuation.resume(returning: element)
                }
            }
        } onCancel: {
            state.withLock { $0.cancelReceiver(id: id) }?.resume(returning: nil)
        }
    }

    // MARK: Finishing

    /// No more sends: suspended senders get `ChannelClosed`, later sends too. Receivers drain
    /// what is buffered, then get nil / `[]`. Idempotent.
    @inlinable
    public func finish() {
        let action = state.withLock { $0.finish() }
        for sender in action.senders { sender.resume(throwing: ChannelClosed()) }
        for receiver in action.receivers { receiver.resume(returning: nil) }
    }
}
