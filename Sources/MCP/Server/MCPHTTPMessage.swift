// The transport-neutral request and response the MCP core speaks. The lead converts the HTTP
// server's types to and from these; nothing here knows about sockets.

/// Which MCP route a request arrived on.
public enum MCPRoute: Sendable, Equatable {
    /// `/mcp`: Streamable HTTP.
    case streamableHTTP
    /// `/mcp/tool`: `{"tool": NAME, "payload": ARGUMENTS}` -> CallToolResult.
    case simpleTool
    /// `/mcp/messages?session_id=...`: the legacy HTTP+SSE transport's POST endpoint.
    case legacyMessages(sessionID: String?)
}

/// One HTTP request to an MCP route.
public struct MCPHTTPRequest: Sendable {
    public var method: String
    public var route: MCPRoute
    public var headers: MCPHeaders
    /// The plaintext body (already decrypted and decompressed by the pipeline).
    public var body: [UInt8]

    public init(method: String, route: MCPRoute, headers: MCPHeaders, body: [UInt8] = []) {
        self.method = method
        self.route = route
        self.headers = headers
        self.body = body
    }
}

/// The answer to an `MCPHTTPRequest`.
public struct MCPHTTPResponse: Sendable {
    public enum Body: Sendable, Equatable {
        case empty
        /// `application/json` bytes.
        case json([UInt8])
        /// A finite `text/event-stream`: write the events, then end the response.
        case sse([SSEEvent])
        /// An error in the service's own format (`{"error":{"code","message"},"requestId"}`),
        /// rendered by the lead, who owns the request id.
        case problem(code: String, message: String)
    }

    public var status: Int
    /// Headers to add (Content-Type is implied by the body kind; see `contentType`).
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The Content-Type the body kind implies (nil for an empty body).
    public var contentType: String? {
        switch body {
        case .empty: nil
        case .json, .problem: "application/json"
        case .sse: "text/event-stream"
        }
    }

    /// The value of a header this response sets, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { MCPHeaders.equalNames($0.name, name) }?.value
    }

    static func jsonRPC(_ status: Int, _ response: JSONRPCResponse, headers: [(name: String, value: String)] = []) -> MCPHTTPResponse {
        MCPHTTPResponse(status: status, headers: headers, body: .json(response.encode()))
    }
}
