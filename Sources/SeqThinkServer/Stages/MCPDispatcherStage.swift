import HTTP
import MCP

/// MCPDispatcher: hands the plaintext JSON-RPC to the MCP protocol core (`MCPServer`), which
/// applies the transport rules of the request's protocol era and calls the backend (the embedded
/// sequential-thinking engine by default). The reply is left in `exchange.reply` for Encryptor.
///
/// GET /mcp/sse (the legacy HTTP+SSE transport) does not produce a reply here: it is checked,
/// then marked as a stream for Egress to open, since only Egress touches the responder.
struct MCPDispatcherStage: ExchangeStage {
    let name = StageName.mcp
    let server: MCPServer

    func process(_ exchange: Exchange) async {
        let headers = MCPHeaders(exchange.request.headers.map { (name: $0.name, value: $0.value) })
        let route: MCPRoute
        switch exchange.route {
        case .mcp: route = .streamableHTTP
        case .mcpTool: route = .simpleTool
        case .mcpMessages: route = .legacyMessages(sessionID: exchange.request.queryItem("session_id"))
        case .mcpSSE:
            if let refusal = server.checkLegacyStreamRequest(headers) {
                exchange.reply = Self.httpResponse(refusal, requestID: exchange.request.requestID)
            } else {
                exchange.opensLegacyStream = true
            }
            return
        case .health, .ready, .metrics, .ageRecipient, .other:
            exchange.fail(.notFound, stage: name)
            return
        }
        // The principal binds sessions to their creator and keeps a shared history per user.
        let answer = await server.handle(MCPHTTPRequest(
            method: exchange.request.method, route: route, headers: headers, body: exchange.requestPayload,
            principal: exchange.principal?.subject))
        if case .problem(let code, _) = answer.body {
            exchange.failure = (name, code)
        } else if answer.status == 502 || answer.status == 504 {
            // A JSON-RPC error body on /mcp: still a backend failure for errors_total{stage="mcp"}.
            exchange.failure = (name, answer.status == 502 ? "backend_unavailable" : "backend_timeout")
        }
        exchange.reply = Self.httpResponse(answer, requestID: exchange.request.requestID)
        if case .sse(let events) = answer.body { exchange.replyEvents = events }
    }

    /// Converts the core's neutral response; `problem` bodies become the gateway's error shape.
    static func httpResponse(_ answer: MCPHTTPResponse, requestID: String) -> HTTPResponse {
        var headers = HTTPHeaders(answer.headers.map { ($0.name, $0.value) })
        if let type = answer.contentType { headers.replaceOrAdd(name: "Content-Type", value: type) }
        let body: [UInt8]
        switch answer.body {
        case .empty: body = []
        case .json(let bytes): body = bytes
        case .sse(let events): body = events.flatMap { $0.encoded() }
        case .problem(let code, let message):
            body = ErrorBody(status: answer.status, code: code, message: message).json(requestID: requestID)
        }
        return HTTPResponse(status: answer.status, headers: headers, body: body)
    }
}
