import Synchronization

/// A monotonically increasing count. Recording is one relaxed atomic add: safe on any hot path.
public final class Counter: Sendable {
    private let storage = Atomic<UInt64>(0)

    init() {}

    /// Adds `amount` (default 1).
    @inline(__always)
    public func inc(by amount: UInt64 = 1) {
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current count.
    public var value: UInt64 { storage.load(ordering: .relaxed) }
}
