// The whole logic of BoundedChannel, without locks, tasks or clocks, so it can be tested alone.
//
// Invariants (checked by `checkInvariants` in tests):
//   - buffer.count <= capacity
//   - suspended senders exist only while the buffer is full and the channel is open
//   - suspended receivers exist only while the buffer is empty and the channel is open
//     (so a send with a waiting receiver hands the element over directly)
//   - every waiter is returned exactly once in an action, to be resumed by the caller
//     OUTSIDE the lock: with success, ChannelClosed, CancellationError, an element or nil.
// FIFO: elements leave in the order they were accepted; a suspended sender's element enters
// the buffer in the order the senders suspended; receivers are served in the order they waited.
//
// `SendWaiter` and `ReceiveWaiter` are continuations in the channel and plain values in tests;
// waiter ids come from the caller (the channel's atomic counter), unique per channel.

@usableFromInline
struct ChannelStateMachine<Element: Sendable, SendWaiter, ReceiveWaiter> {
    @usableFromInline
    struct SuspendedSender {
        @usableFromInline var id: UInt64
        @usableFromInline var element: Stamped<Element>
        @usableFromInline var waiter: SendWaiter

        @inlinable
        init(id: UInt64, element: Stamped<Element>, waiter: SendWaiter) {
            self.id = id
            self.element = element
            self.waiter = waiter
        }
    }

    @usableFromInline
    struct SuspendedReceiver {
        @usableFromInline var id: UInt64
        @usableFromInline var waiter: ReceiveWaiter

        @inlinable
        init(id: UInt64, waiter: ReceiveWaiter) {
            self.id = id
            self.waiter = waiter
        }
    }

    @usableFromInline
    enum Lifecycle { case open, finished }

    @usableFromInline
    enum OfferAction {
        /// The element is in the buffer.
        case enqueued
        /// Resume this receiver with the element (it never entered the buffer).
        case deliver(to: ReceiveWaiter)
        case full
        case closed
    }

    @usableFromInline
    enum TakeAction {
        /// Resume each of `senders` with success: their elements moved into the freed slots.
        case elements([Stamped<Element>], resumeSenders: [SendWaiter])
        case empty
        case finished
    }

    @usableFromInline
    enum TakeOneAction {
        /// Resume `resumeSender` (if any) with success: its element moved into the freed slot.
        case element(Stamped<Element>, resumeSender: SendWaiter?)
        case empty
        case finished
    }

    @usableFromInline
    struct FinishAction {
        /// Resume each with ChannelClosed: their elements were never enqueued.
        @usableFromInline var senders: [SendWaiter]
        /// Resume each with nil.
        @usableFromInline var receivers: [ReceiveWaiter]

        @inlinable
        init(senders: [SendWaiter], receivers: [ReceiveWaiter]) {
            self.senders = senders
            self.receivers = receivers
        }
    }

    @usableFromInline let capacity: Int
    @usableFromInline var lifecycle = Lifecycle.open
    @usableFromInline var buffer: RingBuffer<Stamped<Element>>
    @usableFromInline var senders = RingBuffer<SuspendedSender>()
    @usableFromInline var receivers = RingBuffer<SuspendedReceiver>()

    @inlinable
    init(capacity: Int) {
        precondition(capacity >= 1, "BoundedChannel capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
        buffer = RingBuffer(initialCapacity: capacity)
    }

    @inlinable
    var count: Int { buffer.count }
    @inlinable
    var suspendedSenderCount: Int { senders.count }
    @inlinable
    var suspendedReceiverCount: Int { receivers.count }

    // MARK: Sending

    @inlinable
    mutating func offer(_ element: Stamped<Element>) -> OfferAction {
        guard lifecycle == .open else { return .closed }
        if let receiver = receivers.removeFirst() { return .deliver(to: receiver.waiter) }
        guard buffer.count < capacity else { return .full }
        buffer.append(element)
        return .enqueued
    }

    /// Parks a sender after `offer` answered `.full` in the same critical section.
    @inlinable
    mutating func suspendSender(id: UInt64, element: Stamped<Element>, waiter: SendWaiter) {
        precondition(lifecycle == .open && buffer.count == capacity && receivers.isEmpty,
                     "a sender may only suspend on an open, full channel")
        senders.append(SuspendedSender(id: id, element: element, waiter: waiter))
    }

    /// The waiter to resume with CancellationError, or nil when it was already resumed.
    @inlinable
    mutating func cancelSender(id: UInt64) -> SendWaiter? {
        senders.removeFirst { $0.id == id }?.waiter
    }

    // MARK: Receiving

    /// Takes up to `maxCount` elements; every freed slot admits the oldest suspended sender.
    @inlinable
    mutating func take(upTo maxCount: Int) -> TakeAction {
        precondition(maxCount >= 1, "receive(upTo:) needs a positive count, got \(maxCount)")
        guard !buffer.isEmpty else { return lifecycle == .finished ? .finished : .empty }
        var taken: [Stamped<Element>] = []
        taken.reserveCapacity(Swift.min(maxCount, buffer.count))
        var resumed: [SendWaiter] = []
        while taken.count < maxCount, let element = buffer.removeFirst() {
            taken.append(element)
            if let sender = senders.removeFirst() {
                buffer.append(sender.element)
                resumed.append(sender.waiter)
            }
        }
        return .elements(taken, resumeSenders: resumed)
    }

    /// The single-element form of `take`, without allocating arrays on the common path.
    @inlinable
    mutating func takeOne() -> TakeOneAction {
        guard let element = buffer.removeFirst() else { return lifecycle == .finished ? .finished : .empty }
        guard let sender = senders.removeFirst() else { return .element(element, resumeSender: nil) }
        buffer.append(sender.element)
        return .element(element, resumeSender: sender.waiter)
    }

    /// Parks a receiver after a take answered `.empty` in the same critical section.
    @inlinable
    mutating func suspendReceiver(id: UInt64, waiter: ReceiveWaiter) {
        precondition(lifecycle == .open && buffer.isEmpty, "a receiver may only suspend on an open, empty channel")
        receivers.append(SuspendedReceiver(id: id, waiter: waiter))
    }

    /// The waiter to resume with nil, or nil when it was already resumed.
    @inlinable
    mutating func cancelReceiver(id: UInt64) -> ReceiveWaiter? {
        receivers.removeFirst { $0.id == id }?.waiter
    }

    // MARK: Finishing

    /// Idempotent. Buffered elements stay for receivers to drain.
    @inlinable
    mutating func finish() -> FinishAction {
        guard lifecycle == .open else { return FinishAction(senders: [], receivers: []) }
        lifecycle = .finished
        return FinishAction(senders: senders.removeAll().map(\.waiter),
                            receivers: receivers.removeAll().map(\.waiter))
    }

    /// For tests: the invariants in the header hold.
    func checkInvariants() -> Bool {
        guard buffer.count <= capacity else { return false }
        if !senders.isEmpty && (buffer.count != capacity || lifecycle != .open) { return false }
        if !receivers.isEmpty && (!buffer.isEmpty || lifecycle != .open) { return false }
        return true
    }
}
