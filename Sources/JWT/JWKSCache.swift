internal import Synchronization

/// The signing keys of the auth service, fetched, cached and refreshed.
///
/// Invariants:
/// - `keys` is nil until a fetch succeeds, then always the last good set: a failed fetch
///   (error, timeout, body too large, invalid JSON, no usable key) never replaces it.
/// - At most one fetch runs at a time; concurrent callers share it.
/// - Refetches triggered by unknown `kid`s start at most once per `minimumRefreshInterval`,
///   so a flood of made-up kids costs the auth service one request per interval.
/// - State lives behind one `Mutex`; nothing awaits while holding it. Reading `keys` is a
///   short lock, so verification on many threads never hops onto an actor.
public final class JWKSCache: Sendable {
    private struct State {
        var keys: JWKSet?
        var lastError: String?
        var counters = JWKSRefreshCounters()
        var inFlight: Task<JWKSet?, Never>?
        var lastUnknownKeyFetch: Duration?
        var consecutiveFailures = 0
    }

    private let fetcher: any JWKSFetcher
    public let configuration: JWKSCacheConfiguration
    private let clock: any JWKSClock
    private let onRefresh: (@Sendable (JWKSRefreshResult) -> Void)?
    private let state = Mutex(State())

    public init(fetcher: any JWKSFetcher, configuration: JWKSCacheConfiguration = JWKSCacheConfiguration(),
                clock: any JWKSClock = SystemJWKSClock(),
                onRefresh: (@Sendable (JWKSRefreshResult) -> Void)? = nil) {
        self.fetcher = fetcher
        self.configuration = configuration
        self.clock = clock
        self.onRefresh = onRefresh
    }

    /// The current keys; nil until the first successful fetch.
    public var keys: JWKSet? { state.withLock { $0.keys } }

    /// True once a set has been loaded (for readiness).
    public var isLoaded: Bool { keys != nil }

    /// Refresh outcomes so far (`jwks_refresh_total{result}`).
    public var counters: JWKSRefreshCounters { state.withLock { $0.counters } }

    /// The last failure's description (never key material), nil after a success.
    public var lastError: String? { state.withLock { $0.lastError } }

    /// Fetches now (or joins a fetch in progress); returns the keys afterwards.
    @discardableResult
    public func refresh() async -> JWKSet? {
        let task = state.withLock { state -> Task<JWKSet?, Never> in
            if let running = state.inFlight { return running }
            let task = Task { await self.fetchOnce() }
            state.inFlight = task
            return task
        }
        return await task.value
    }

    /// For a token naming an unknown `kid`: refetches when the rate limit allows, or joins a
    /// fetch in progress. Returns the keys after that fetch, or nil when no fetch was allowed
    /// (the caller then refuses the token at once instead of waiting).
    public func refreshForUnknownKeyID() async -> JWKSet? {
        let now = clock.now
        let allowed = state.withLock { state -> Bool in
            if state.inFlight != nil { return true }
            if let last = state.lastUnknownKeyFetch, now - last < configuration.minimumRefreshInterval {
                return false
            }
            state.lastUnknownKeyFetch = now
            return true
        }
        guard allowed else { return nil }
        return await refresh()
    }

    /// The service loop: fetch at once, retry failures with exponential back-off, refresh a
    /// good set at `refreshFraction` of its time to live. Returns when the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let succeeded = await refresh() != nil && state.withLock { $0.consecutiveFailures == 0 }
            do {
                try await clock.sleep(for: succeeded ? refreshDelay : backoffDelay)
            } catch {
                return
            }
        }
    }

    /// The delay before the next background refresh after a success.
    var refreshDelay: Duration { configuration.timeToLive * configuration.refreshFraction }

    /// The delay before a retry: initial back-off doubled per consecutive failure, capped.
    var backoffDelay: Duration {
        let failures = state.withLock { $0.consecutiveFailures }
        var delay = configuration.initialBackoff
        for _ in 1..<max(failures, 1) where delay < configuration.maximumBackoff { delay *= 2 }
        return min(delay, configuration.maximumBackoff)
    }

    private func fetchOnce() async -> JWKSet? {
        let result: Result<JWKSet, JWKSFailure>
        do {
            let body = try await fetcher.fetchJWKS(timeout: configuration.fetchTimeout,
                                                   maximumBytes: configuration.maximumBodyBytes)
            result = Self.decode(body, maximumBytes: configuration.maximumBodyBytes)
        } catch {
            result = .failure(JWKSFailure("fetch failed: \(error)"))
        }
        let (keys, report) = state.withLock { state -> (JWKSet?, JWKSRefreshResult) in
            state.inFlight = nil
            switch result {
            case .success(let set):
                state.keys = set
                state.lastError = nil
                state.counters.success += 1
                state.consecutiveFailures = 0
                return (set, .success(keys: set.keys.count, skipped: set.skipped.count))
            case .failure(let failure):
                state.lastError = failure.description
                state.counters.error += 1
                state.consecutiveFailures += 1
                return (state.keys, .failure(failure.description))
            }
        }
        onRefresh?(report)
        return keys
    }

    private static func decode(_ body: [UInt8], maximumBytes: Int) -> Result<JWKSet, JWKSFailure> {
        guard body.count <= maximumBytes else { return .failure(JWKSFailure("body larger than \(maximumBytes) bytes")) }
        let set: JWKSet
        do {
            set = try JWKSet(json: body)
        } catch {
            return .failure(JWKSFailure(error == .invalidJSON ? "body is not valid JSON" : "body is not a JWK Set"))
        }
        guard !set.isEmpty else { return .failure(JWKSFailure("JWK Set has no usable RS256 key")) }
        return .success(set)
    }
}

/// A failed refresh, described without key material.
struct JWKSFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
