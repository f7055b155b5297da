// The one seam between the gateway's MCP transport rules and whatever serves MCP behind them:
// the embedded engine now, an external Streamable HTTP server or a stdio child later (issue 7).
//
// The transport core (MCPServer) has already decoded the message once, enforced the transport
// and version rules, and chosen the protocol version; the backend answers the method. Each
// gateway session is named in the context, so an external backend can map it to a session of
// its own and drop that mapping in `sessionEnded`.

/// Which protocol era a message belongs to.
public enum MCPEra: Sendable, Equatable {
    /// 2025-06-18 / 2025-11-25: initialize handshake, optional Mcp-Session-Id.
    case handshake
    /// 2026-07-28: every request carries its version and capabilities in `_meta`.
    case stateless
}

/// What the gateway knows about the message it hands to a backend.
public struct MCPBackendContext: Sendable, Equatable {
    /// The gateway session: an Mcp-Session-Id, a legacy SSE session id, or
    /// `defaultThoughtSession` for stateless calls.
    public var session: String
    public var era: MCPEra
    /// The protocol version in force (negotiated, or requested and accepted for stateless).
    public var protocolVersion: String
    /// Every version the gateway serves, newest first (for initialize and server/discover).
    public var supportedVersions: [String]
    /// The message exactly as the client sent it, when it arrived as a body of its own (nil for
    /// messages the gateway built, such as /mcp/tool calls): a forwarding backend can pass these
    /// bytes on instead of re-encoding the decoded request.
    public var rawMessage: [UInt8]?

    public init(session: String, era: MCPEra, protocolVersion: String, supportedVersions: [String],
                rawMessage: [UInt8]? = nil) {
        self.session = session
        self.era = era
        self.protocolVersion = protocolVersion
        self.supportedVersions = supportedVersions
        self.rawMessage = rawMessage
    }
}

/// Whether a backend can take calls (reported by /ready and `mcp_backend_up`).
public enum MCPBackendStatus: Sendable, Equatable {
    case ready
    case starting
    case unavailable(reason: String)
}

/// Why a backend could not answer; the transport maps these to 502 and 504.
public enum MCPBackendError: Error, Sendable, Equatable {
    /// The backend failed or answered garbage (HTTP 502).
    case unavailable(String)
    /// The backend did not answer within MCP_TIMEOUT_S (HTTP 504).
    case timedOut
}

/// Something that answers MCP JSON-RPC messages.
public protocol MCPBackend: Sendable {
    /// Answers one request (a response) or notification (nil).
    func handle(_ message: JSONRPCRequest, context: MCPBackendContext) async throws(MCPBackendError) -> JSONRPCResponse?
    /// The gateway session ended (DELETE, expiry, eviction, SSE stream closed).
    func sessionEnded(_ session: String) async
    /// Current readiness.
    func status() async -> MCPBackendStatus
}
