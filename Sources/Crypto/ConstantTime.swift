internal import CSodium

/// Comparisons whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Lengths are public: unequal lengths return
    /// false at once, equal lengths are compared with `sodium_memcmp`.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        Sodium.ensureReady()
        return sodium_memcmp(pa, pb, a.count) == 0
    }

    /// Array form of `equals(_:_:)`.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }

    /// True when every byte of `bytes` is zero, without an early exit.
    public static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 0, let base = bytes.baseAddress else { return true }
        Sodium.ensureReady()
        return sodium_is_zero(base.assumingMemoryBound(to: UInt8.self), bytes.count) == 1
    }
}
