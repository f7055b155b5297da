// The knobs of the MCP layer. The lead fills them from the environment and flags; every
// default is the one the issue and CONTRACT.md name.

/// Configuration of the MCP protocol core and the embedded sequential-thinking engine.
public struct MCPConfiguration: Sendable {
    /// `serverInfo.name` in initialize and discover results.
    public var serverName = "seqthink"
    /// `serverInfo.version`.
    public var serverVersion = "0.0.0"
    /// Optional `instructions` in initialize and discover results.
    public var instructions: String? = nil

    /// MAX_THOUGHTS_PER_SESSION: history entries kept per session; the oldest is dropped past it.
    public var maxThoughtsPerSession = 1_000
    /// MAX_SESSIONS: sessions kept (transport sessions and thought histories alike); the least
    /// recently used is evicted past it.
    public var maxSessions = 10_000
    /// SESSION_TTL_S: a session idle this long is expired.
    public var sessionTTLSeconds: Double = 3_600
    /// DISABLE_THOUGHT_LOGGING: no thought is logged at all.
    public var disableThoughtLogging = false

    /// Largest `thought` accepted, in UTF-8 bytes (the reference has no limit; a gateway needs one).
    public var maxThoughtBytes = 64 * 1024
    /// Largest `branchId` accepted, in UTF-8 bytes.
    public var maxBranchIDBytes = 256
    /// Distinct branch ids kept per session; the oldest is dropped past it.
    public var maxBranchesPerSession = 256

    /// Issue `Mcp-Session-Id` on initialize and require it afterwards (2025-era clients).
    /// When false, handshake-era clients share the default history, as stateless clients do.
    public var sessionsEnabled = true
    /// Origins accepted when a request carries `Origin`; "*" accepts any. Empty: any request
    /// that carries an Origin is refused with 403 (MCP transports, "Security Warning").
    public var allowedOrigins: [String] = []
    /// The path the legacy SSE `endpoint` event names, relative (no scheme or host).
    public var legacyMessagesPath = "/mcp/messages"
    /// Seconds between SSE comment keep-alives on the legacy stream.
    public var keepAliveSeconds: Double = 15

    public init() {}
}
