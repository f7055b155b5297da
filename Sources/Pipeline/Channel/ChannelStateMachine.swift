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
// `SendWaiter` and `ReceiveWaiter` are continuations in the channel and plain values in tests.

struct ChannelStateMachine<Element: Sendable, SendWaiter, ReceiveWaiter> {
    struct SuspendedSender {
        var id: UInt64
        var element: Stamped<Element>
        var waiter: SendWaiter
    }

    struct SuspendedReceiver {
        var id: UInt64
        var waiter: ReceiveWaiter
    }

    enum Lifecycle { case open, finished }

    enum OfferAction {
        /// The element is in the buffer.
        case enqueued
        /// Resume this receiver with the element (it never entered the buffer).
        case deliver(to: ReceiveWaiter)
        case full
        case closed
    }

    enum TakeAction {
        /// Resume each of `senders` with success: their elements moved into the freed slots.
        case elements([Stamped<Element>], resumeSenders: [SendWaiter])
        case empty
        case finished
    }

    enum TakeOneAction {
        /// Resume `resumeSender` (if any) with success: its element moved into the freed slot.
        case element(Stamped<Element>, resumeSender: SendWaiter?)
        case empty
        case finished
    }

    struct FinishAction {
        /// Resume each with ChannelClosed: their elements were never enqueued.
        var senders: [SendWaiter]
        /// Resume each with nil.
        var receivers: [ReceiveWaiter]
    }

    let capacity: Int
    private(set) var lifecycle = Lifecycle.open
    private var buffer: RingBuffer<Stamped<Element>>
    private var senders = RingBuffer<SuspendedSender>()
    private var receivers = RingBuffer<SuspendedReceiver>()
    private var nextID: UInt64 = 0

    init(capacity: Int) {
        precondition(capacity >= 1, "BoundedChannel capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
        buffer = RingBuffer(initialCapacity: capacity)
    }

    var count: Int { buffer.count }
    var suspendedSenderCount: Int { senders.count }
    var suspendedReceiverCount: Int { receivers.count }

    /// A fresh id for a waiter, so a cancellation handler can find it later.
    mutating func makeID() -> UInt64 {
        nextID &+= 1
        return nextID
    }

    // MARK: Sending

    mutating func offer(_ element: Stamped<Element>) -> OfferAction {
        guard lifecycle == .open else { return .closed }
        if let receiver = receivers.removeFirst() { return .deliver(to: receiver.waiter) }
        guard buffer.count < capacity else { return .full }
        buffer.append(element)
        return .enqueued
    }

    /// Parks a sender after `offer` answered `.full` in the same critical section.
    mutating func suspendSender(id: UInt64, element: Stamped<Element>, waiter: SendWaiter) {
        precondition(lifecycle == .open && buffer.count == capacity && receivers.isEmpty,
                     "a sender may only suspend on an open, full channel")
        senders.append(SuspendedSender(id: id, element: element, waiter: waiter))
    }

    /// The waiter to resume with CancellationError, or nil when it was already resumed.
    mutating func cancelSender(id: UInt64) -> SendWaiter? {
        senders.removeFirst { $0.id == id }?.waiter
    }

    // MARK: Receiving

    /// Takes up to `maxCount` elements; every freed slot admits the oldest suspended sender.
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
    mutating func takeOne() -> TakeOneAction {
        guard let element = buffer.removeFirst() else { return lifecycle == .finished ? .finished : .empty }
        guard let sender = senders.removeFirst() else { return .element(element, resumeSender: nil) }
        buffer.append(sender.element)
        return .element(element, resumeSender: sender.waiter)
    }

    /// Parks a receiver after a take answered `.empty` in the same critical section.
    mutating func suspendReceiver(id: UInt64, waiter: ReceiveWaiter) {
        precondition(lifecycle == .open && buffer.isEmpty, "a receiver may only suspend on an open, empty channel")
        receivers.append(SuspendedReceiver(id: id, waiter: waiter))
    }

    /// The waiter to resume with nil, or nil when it was already resumed.
    mutating func cancelReceiver(id: UInt64) -> ReceiveWaiter? {
        receivers.removeFirst { $0.id == id }?.waiter
    }

    // MARK: Finishing

    /// Idempotent. Buffered elements stay for receivers to drain.
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
