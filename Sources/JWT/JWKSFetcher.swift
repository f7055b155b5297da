/// Fetches the raw JWK Set document. Kept as a protocol so the JWT library does not depend on
/// an HTTP client; the service adapts its client with `JWKSClosureFetcher`.
public protocol JWKSFetcher: Sendable {
    /// The document body. Must give up after `timeout` and refuse bodies over `maximumBytes`.
    func fetchJWKS(timeout: Duration, maximumBytes: Int) async throws -> [UInt8]
}

/// A `JWKSFetcher` from a closure.
public struct JWKSClosureFetcher: JWKSFetcher {
    private let fetch: @Sendable (Duration, Int) async throws -> [UInt8]

    public init(_ fetch: @escaping @Sendable (_ timeout: Duration, _ maximumBytes: Int) async throws -> [UInt8]) {
        self.fetch = fetch
    }

    public func fetchJWKS(timeout: Duration, maximumBytes: Int) async throws -> [UInt8] {
        try await fetch(timeout, maximumBytes)
    }
}

/// Monotonic time and sleeping for `JWKSCache`, injectable so tests need no real sleeps.
public protocol JWKSClock: Sendable {
    /// Time elapsed since an arbitrary fixed origin.
    var now: Duration { get }
    func sleep(for duration: Duration) async throws
}

/// The real clock (`ContinuousClock`).
public struct SystemJWKSClock: JWKSClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
