// The MCP routes the lead maps paths to.

/// Which MCP route a request arrived on.
public enum MCPRoute: Sendable, Equatable {
    /// `/mcp`: Streamable HTTP.
    case streamableHTTP
    /// `/mcp/tool`: `{"tool": NAME, "payload": ARGUMENTS}` -> CallToolResult.
    case simpleTool
    /// `/mcp/messages?session_id=...`: the legacy HTTP+SSE transport's POST endpoint.
    case legacyMessages(sessionID: String?)
}
