import JSON

// The MCP protocol core, transport-neutral: HTTP-shaped requests in, HTTP-shaped responses
// out, for the Streamable HTTP endpoint (/mcp), the simple tool route (/mcp/tool) and the
// legacy HTTP+SSE transport (/mcp/sse + /mcp/messages).
//
//   MCPHTTPRequest ──▶ Origin check ──▶ route ──▶ decode once (JSONRPCMessage)
//        ──▶ era: initialize / Mcp-Session-Id → handshake (2025-06-18, 2025-11-25)
//                 _meta protocolVersion / unknown MCP-Protocol-Version → stateless (2026-07-28)
//        ──▶ transport rules of that era (sessions, version header, Mcp-Method/Mcp-Name)
//        ──▶ MCPBackend.handle ──▶ JSON or SSE by Accept ──▶ MCPHTTPResponse
//
// Ownership: MCPServer is Sendable and shared by every worker; its only mutable state is the
// session registry (one Mutex, never held across an await). The backend is called without
// any lock held.

/// The MCP transport core shared by every request.
public final class MCPServer: Sendable {
    public let configuration: MCPConfiguration
    public let backend: any MCPBackend
    let sessions: MCPSessionRegistry
    let logger: MCPLogger?

    public init(configuration: MCPConfiguration, backend: any MCPBackend, clock: MCPClock = .system,
                logger: MCPLogger? = nil) {
        self.configuration = configuration
        self.backend = backend
        self.sessions = MCPSessionRegistry(configuration: configuration, clock: clock)
        self.logger = logger
    }

    /// Answers one request to /mcp, /mcp/tool or /mcp/messages.
    public func handle(_ request: MCPHTTPRequest) async -> MCPHTTPResponse {
        if let refusal = checkOrigin(request.headers) { return refusal }
        switch request.route {
        case .streamableHTTP:
            switch request.method {
            case "POST": return await handleStreamablePost(request)
            case "DELETE": return await handleDelete(request)
            default:
                return MCPHTTPResponse(status: 405, headers: [("Allow", configuration.sessionsEnabled ? "POST, DELETE" : "POST")],
                                       body: .json(JSONRPCResponse.error(nil, .invalidRequest("Method Not Allowed: use POST")).encode()))
            }
        case .simpleTool:
            guard request.method == "POST" else {
                return MCPHTTPResponse(status: 405, headers: [("Allow", "POST")],
                                       body: .problem(code: "method_not_allowed", message: "use POST"))
            }
            return await handleSimpleTool(request)
        case .legacyMessages(let sessionID):
            guard request.method == "POST" else {
                return MCPHTTPResponse(status: 405, headers: [("Allow", "POST")],
                                       body: .problem(code: "method_not_allowed", message: "use POST"))
            }
            return await handleLegacyPost(request, sessionID: sessionID)
        }
    }

    /// Expires idle sessions and frees their history; the lead may call this periodically
    /// (expiry also happens lazily as requests arrive).
    public func expireIdleSessions() async {
        await notifyEnded(sessions.expire())
    }

    /// Live transport sessions (Mcp-Session-Id and legacy SSE).
    public var sessionCount: Int { sessions.count }

    // MARK: - Shared checks

    /// MCP transports "Security Warning": an Origin that is present and not allowed gets 403.
    func checkOrigin(_ headers: MCPHeaders) -> MCPHTTPResponse? {
        guard let origin = headers["Origin"] else { return nil }
        let allowed = configuration.allowedOrigins
        if allowed.contains("*") || allowed.contains(origin) { return nil }
        return .jsonRPC(403, .error(nil, .invalidRequest("Forbidden: Origin \(origin.prefix(128)) is not allowed")))
    }

    /// What the client's Accept header allows, in order of preference.
    enum ResponseFormat { case json, sse }

    func responseFormat(_ headers: MCPHeaders) -> ResponseFormat? {
        let values = headers.values("Accept")
        if values.isEmpty { return .json }
        var json = false, sse = false
        for value in values {
            for range in value.utf8.split(separator: UInt8(ascii: ",")) {
                let type = Self.mediaType(range)
                switch type {
                case "application/json", "application/*": json = true
                case "*/*": json = true; sse = true
                case "text/event-stream", "text/*": sse = true
                default: break
                }
            }
        }
        if json { return .json }
        if sse { return .sse }
        return nil
    }

    /// The media type of one Accept range, lowercased, without parameters or spaces.
    static func mediaType(_ range: Substring.UTF8View.SubSequence) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for byte in range {
            if byte == UInt8(ascii: ";") { break }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The history shared by stateless and /mcp/tool calls of `principal`.
    func sharedHistory(_ principal: String?) -> String {
        guard let principal else { return defaultThoughtSession }
        return "principal:" + principal
    }

    /// Finishes the streams of removed legacy sessions and frees every removed session's history.
    func notifyEnded(_ removed: [(String, MCPSessionState)]) async {
        for (id, state) in removed {
            if case .legacySSE(let sink) = state.kind { sink.finish() }
            await backend.sessionEnded(id)
        }
    }
}

extension MCPServer {
    /// The default wiring: the embedded sequential-thinking engine with in-memory history.
    public static func embedded(configuration: MCPConfiguration, clock: MCPClock = .system,
                                logger: MCPLogger? = nil) -> MCPServer {
        MCPServer(configuration: configuration,
                  backend: EmbeddedBackend(configuration: configuration, clock: clock, logger: logger),
                  clock: clock, logger: logger)
    }
}
