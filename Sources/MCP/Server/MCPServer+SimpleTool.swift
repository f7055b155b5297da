import JSON

// POST /mcp/tool: `{"tool": NAME, "payload": ARGUMENTS}` answered with the MCP
// `CallToolResult` object itself (CONTRACT.md). Calls share the default history, as
// stateless calls do. Invalid arguments are still a 200 with `isError: true`, exactly what a
// `tools/call` would return; only a body that is not this shape is a 400.

extension MCPServer {
    func handleSimpleTool(_ request: MCPHTTPRequest) async -> MCPHTTPResponse {
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            return MCPHTTPResponse(status: 400, body: .problem(code: "invalid_json", message: "body is not JSON: \(error.description)"))
        }
        guard case .object(let object) = value, case .string(let tool)? = object["tool"] else {
            return MCPHTTPResponse(status: 400, body: .problem(code: "invalid_request",
                                                              message: "body must be {\"tool\": NAME, \"payload\": ARGUMENTS}"))
        }
        if let extra = object.keys.first(where: { $0 != "tool" && $0 != "payload" }) {
            return MCPHTTPResponse(status: 400, body: .problem(code: "invalid_request", message: "unexpected member \"\(extra.prefix(64))\""))
        }
        var params: JSONObject = ["name": .string(tool)]
        if let payload = object["payload"] { params["arguments"] = payload }
        let call = JSONRPCRequest(id: JSONRPCID(1), method: "tools/call", params: params)
        let context = MCPBackendContext(session: sharedHistory(request.principal), era: .handshake,
                                        protocolVersion: MCPProtocolVersion.handshake[0], supportedVersions: MCPProtocolVersion.all)
        let response: JSONRPCResponse?
        do {
            response = try await backend.handle(call, context: context)
        } catch {
            switch error {
            case .unavailable: return MCPHTTPResponse(status: 502, body: .problem(code: "backend_unavailable", message: "MCP backend unavailable"))
            case .timedOut: return MCPHTTPResponse(status: 504, body: .problem(code: "backend_timeout", message: "MCP backend timed out"))
            }
        }
        switch response?.outcome {
        case .result(let result)?: return MCPHTTPResponse(status: 200, body: .json(JSONWriter.encode(result)))
        case .encodedResult(let bytes)?: return MCPHTTPResponse(status: 200, body: .json(bytes))
        case .encodedMessage(let bytes, let code)?:
            // A forwarded response: the route answers the result object alone.
            guard code == nil, case .object(let message)? = try? JSONParser.parse(bytes), let result = message["result"] else {
                return MCPHTTPResponse(status: code.map { [-32602, -32601, -32600].contains($0) ? 400 : 502 } ?? 502,
                                       body: .problem(code: "mcp_error", message: "the MCP backend answered with an error"))
            }
            return MCPHTTPResponse(status: 200, body: .json(JSONWriter.encode(result)))
        case .error(let error)?:
            let clientSide = [JSONRPCError.invalidParamsCode, JSONRPCError.methodNotFoundCode, JSONRPCError.invalidRequestCode]
            return MCPHTTPResponse(status: clientSide.contains(error.code) ? 400 : 502,
                                   body: .problem(code: "mcp_error", message: error.message))
        case nil:
            return MCPHTTPResponse(status: 502, body: .problem(code: "backend_unavailable", message: "MCP backend gave no answer"))
        }
    }
}
