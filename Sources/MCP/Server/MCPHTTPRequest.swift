// The transport-neutral request the MCP core takes. The lead converts the HTTP server's
// request to this; nothing here knows about sockets.

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
