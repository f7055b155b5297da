/// Limits and trust settings of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Largest response body accepted unless a request says otherwise (bytes).
    public var maximumResponseBytes: Int
    /// Connections per scheme+host+port, in use and idle together; more requests wait.
    public var maximumConnectionsPerHost: Int
    /// Idle keep-alive connections older than this are closed instead of reused.
    public var idleTimeout: Duration
    /// PEM bundle of CAs trusted for https; nil uses the system trust store.
    public var caFile: String?

    public init(maximumResponseBytes: Int = 4 << 20, maximumConnectionsPerHost: Int = 16,
                idleTimeout: Duration = .seconds(30), caFile: String? = nil) {
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.idleTimeout = idleTimeout
        self.caFile = caFile
    }
}
