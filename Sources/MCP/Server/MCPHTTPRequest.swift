// The transport-neutral request the MCP core takes. The lead converts the HTTP server's
// request to this; nothing here knows about sockets.

/// One HTTP request to an MCP route.
public struct MCPHTTPRequest: Sendable {
    public var method: String
    public var route: MCPRoute
    public var headers: MCPHeaders
    /// The plaintext body (already decrypted and decompressed by the pipeline).
    public var body: [UInt8]
    /// The authenticated caller (the JWT `sub`) when auth is on. Sessions are bound to it (a
    /// session id presented by another principal is "not found"), and the shared history of
    /// stateless and /mcp/tool calls is kept per principal instead of one for everybody.
    public var principal: String?

    public init(method: String, route: MCPRoute, headers: MCPHeaders, body: [UInt8] = [], principal: String? = nil) {
        self.method = method
        self.route = route
        self.headers = headers
        self.body = body
        self.principal = principal
    }
}
