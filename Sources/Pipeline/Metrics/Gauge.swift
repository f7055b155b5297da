public import Synchronization

/// A value that goes up and down. Stored as the bit pattern of a Double in one atomic word;
/// `add` is a compare-and-swap loop, lock-free.
public final class Gauge: Sendable {
    @usableFromInline let bits = Atomic<UInt64>(0.0.bitPattern)

    init() {}

    @inlinable
    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    @inlinable
    public func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.weakCompareExchange(
                expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    @inlinable
    public func inc(by delta: Double = 1) { add(delta) }
    @inlinable
    public func dec(by delta: Double = 1) { add(-delta) }

    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}
