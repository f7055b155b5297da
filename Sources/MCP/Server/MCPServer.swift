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
                switch Self.mediaType(range) {
                case .json: json = true
                case .any: json = true; sse = true
                case .eventStream: sse = true
                case nil: break
                }
            }
        }
        if json { return .json }
        if sse { return .sse }
        return nil
    }

    enum AcceptedType { case json, eventStream, any }

    /// What one Accept range names (case-insensitive, parameters and spaces ignored), compared
    /// byte by byte without building a String: `application/json` or `application/*`,
    /// `text/event-stream` or `text/*`, `*/*`; nil for anything else.
    static func mediaType(_ range: Substring.UTF8View.SubSequence) -> AcceptedType? {
        var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 significant bytes, lowercased
        var count = 0
        for byte in range {
            if byte == UInt8(ascii: ";") { break }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
            guard count < 24 else { return nil }
            let lower = UInt64(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            let shift = UInt64(count % 8) * 8
            switch count / 8 {
            case 0: bytes.0 |= lower << shift
            case 1: bytes.1 |= lower << shift
            default: bytes.2 |= lower << shift
            }
            count += 1
        }
        for (type, name) in acceptedTypes where name.count == count && name.bytes == bytes { return type }
        return nil
    }

    private static let acceptedTypes: [(AcceptedType, (count: Int, bytes: (UInt64, UInt64, UInt64)))] = [
        (.json, packed("application/json")), (.json, packed("application/*")),
        (.eventStream, packed("text/event-stream")), (.eventStream, packed("text/*")), (.any, packed("*/*")),
    ]

    private static func packed(_ text: String) -> (count: Int, bytes: (UInt64, UInt64, UInt64)) {
        var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for (index, byte) in text.utf8.enumerated() {
            let shift = UInt64(index % 8) * 8
            switch index / 8 {
            case 0: bytes.0 |= UInt64(byte) << shift
            case 1: bytes.1 |= UInt64(byte) << shift
            default: bytes.2 |= UInt64(byte) << shift
            }
        }
        return (text.utf8.count, bytes)
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
