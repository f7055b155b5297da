public import Synchronization

/// A monotonically increasing count. Recording is one relaxed atomic add: safe on any hot path.
public final class Counter: Sendable {
    @usableFromInline let storage = Atomic<UInt64>(0)

    init() {}

    /// Adds `amount` (default 1).
    @inlinable
    public func inc(by amount: UInt64 = 1) {
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current count.
    public var value: UInt64 { storage.load(ordering: .relaxed) }
}
