internal import CSodium

/// libsodium must be initialised once before any call (it picks CPU-specific code paths and
/// opens the random source). A global `let` is initialised exactly once, thread-safely.
enum Sodium {
    private static let ready: Bool = sodium_init() >= 0

    /// Traps when libsodium cannot start: nothing in this target is safe without it.
    @inline(__always)
    static func ensureReady() {
        precondition(ready, "libsodium failed to initialise")
    }
}
