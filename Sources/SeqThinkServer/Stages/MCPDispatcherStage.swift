import HTTP
/// MCPDispatcher: hands the plaintext JSON-RPC to the MCP backend. Until a backend is wired,
/// every MCP route answers 503 `mcp_backend_unavailable`.
struct MCPDispatcherStage: ExchangeStage {
    let name = StageName.mcp

    func process(_ exchange: inout Exchange) async {
        exchange.fail(.backendUnavailable, stage: name, reason: "no_backend",
                      headers: ["Retry-After": "5"])
    }
}
