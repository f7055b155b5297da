// Time as the session stores see it: monotonic seconds, injected so TTL expiry is tested
// without sleeping.

/// A monotonic clock reading seconds.
public struct MCPClock: Sendable {
    public let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) { self.now = now }

    /// The process's monotonic clock.
    public static let system: MCPClock = {
        let origin = ContinuousClock.now
        return MCPClock {
            let elapsed = ContinuousClock.now - origin
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
    }()
}
