/// Timing and limits of a `JWKSCache` (CONTRACT.md "Authentication").
public struct JWKSCacheConfiguration: Sendable {
    /// How long a fetched set is considered fresh (`JWKS_TTL_S`, default 3600 s).
    public var timeToLive: Duration
    /// The background refresh happens at this fraction of `timeToLive`, before expiry.
    public var refreshFraction: Double
    /// The least time between two refetches caused by unknown `kid`s (`JWKS_MIN_REFRESH_S`).
    public var minimumRefreshInterval: Duration
    /// First retry delay after a failed fetch; doubles up to `maximumBackoff`.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// Passed to the fetcher: give up after this long (5 s).
    public var fetchTimeout: Duration
    /// Passed to the fetcher and checked again: a larger body is a failed refresh (1 MiB).
    public var maximumBodyBytes: Int

    public init(timeToLive: Duration = .seconds(3600), refreshFraction: Double = 0.9,
                minimumRefreshInterval: Duration = .seconds(30),
                initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(60),
                fetchTimeout: Duration = .seconds(5), maximumBodyBytes: Int = 1 << 20) {
        self.timeToLive = timeToLive
        self.refreshFraction = refreshFraction
        self.minimumRefreshInterval = minimumRefreshInterval
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.fetchTimeout = fetchTimeout
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// The outcome of one fetch, reported through `JWKSCache`'s `onRefresh` callback.
public enum JWKSRefreshResult: Sendable, Equatable {
    case success(keys: Int, skipped: Int)
    case failure(String)

    /// The `result` label of `jwks_refresh_total`.
    public var metricLabel: String {
        if case .success = self { "success" } else { "error" }
    }
}

/// Counts of refresh outcomes since the cache was made.
public struct JWKSRefreshCounters: Sendable, Equatable {
    public var success = 0
    public var error = 0

    public init(success: Int = 0, error: Int = 0) {
        self.success = success
        self.error = error
    }
}
