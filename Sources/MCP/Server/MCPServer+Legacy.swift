import JSON

// The legacy HTTP+SSE transport (2024-11-05 basic/transports "HTTP with SSE"), kept for 1.x
// clients' `sse_client`:
//   GET /mcp/sse           -> stream; first event `endpoint` whose data is a RELATIVE url
//                             (`/mcp/messages?session_id=…`): behind Traefik the absolute
//                             internal address would be wrong, and the Python SDK refuses an
//                             endpoint whose origin differs from the stream's.
//   POST /mcp/messages?…   -> 202; the JSON-RPC response arrives as a `message` event.
// The session (and its thought history) lives exactly as long as the stream: the lead calls
// `closeLegacyStream` from the stream's onClose, and a failed write closes it too.
//
// Wiring, for the lead:
//   if let refusal = server.checkLegacyStreamRequest(headers) { respond(refusal) }
//   else { start a 200 response with `MCPServer.legacyStreamHeaders`; wrap the writer as an
//          MCPEventSink; let id = await server.openLegacyStream(sink);
//          writer.onClose = { Task { await server.closeLegacyStream(id) } };
//          every keepAliveSeconds: await server.sendKeepAlives() }

extension MCPServer {
    /// Response headers of the legacy SSE stream.
    public static let legacyStreamHeaders: [(name: String, value: String)] = [
        ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no"),
    ]

    /// nil when a GET /mcp/sse may open a stream; otherwise the response refusing it.
    public func checkLegacyStreamRequest(_ headers: MCPHeaders) -> MCPHTTPResponse? {
        if let refusal = checkOrigin(headers) { return refusal }
        let accept = headers.values("Accept").joined(separator: ",").lowercased()
        if !accept.isEmpty, !accept.contains("text/event-stream"), !accept.contains("*/*"), !accept.contains("text/*") {
            return MCPHTTPResponse(status: 406, body: .problem(code: "not_acceptable", message: "the SSE endpoint answers text/event-stream"))
        }
        return nil
    }

    /// Registers a stream, writes its `endpoint` event, and returns the session id. `principal`
    /// (the JWT `sub`) binds the session: POSTs from another principal get 404.
    public func openLegacyStream(_ sink: any MCPEventSink, principal: String? = nil) async -> String {
        let created = sessions.create(.legacySSE(sink), protocolVersion: nil, principal: principal)
        await notifyEnded(created.removed)
        let endpoint = "\(configuration.legacyMessagesPath)?session_id=\(created.id)"
        if !sink.send(SSEEvent(event: "endpoint", data: Array(endpoint.utf8))) {
            await closeLegacyStream(created.id)
        }
        return created.id
    }

    /// The stream closed: frees the session and its history. Safe to call more than once.
    public func closeLegacyStream(_ sessionID: String) async {
        guard let state = sessions.remove(sessionID) else { return }
        if case .legacySSE(let sink) = state.kind { sink.finish() }
        await backend.sessionEnded(sessionID)
    }

    /// Writes a comment keep-alive to every legacy stream; closes those that fail.
    public func sendKeepAlives() async {
        for (id, sink) in sessions.legacySinks() where !sink.send(.keepAlive) {
            await closeLegacyStream(id)
        }
    }

    func handleLegacyPost(_ request: MCPHTTPRequest, sessionID: String?) async -> MCPHTTPResponse {
        guard let sessionID, MCPSessionID.isWellFormed(sessionID) else {
            return MCPHTTPResponse(status: 400, body: .problem(code: "bad_request", message: "session_id is required"))
        }
        guard let state = sessions.lookup(sessionID, principal: request.principal), case .legacySSE(let sink) = state.kind else {
            return MCPHTTPResponse(status: 404, body: .problem(code: "session_not_found", message: "no open SSE stream has this session_id"))
        }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.decode(request.body)
        } catch {
            return .jsonRPC(400, .error(error.id, error.error))
        }
        let call: JSONRPCRequest
        switch message {
        case .result, .error: return MCPHTTPResponse(status: 202)
        case .notification(let n): call = n
        case .request(let r): call = r
        }
        var version = state.protocolVersion ?? MCPProtocolVersion.handshake[0]
        if call.method == "initialize", call.id != nil {
            version = MCPProtocolVersion.negotiate(call.params?["protocolVersion"]?.stringValue)
            sessions.update(sessionID) { $0.protocolVersion = version }
        } else if let header = request.headers[Self.versionHeader], header != version {
            return unsupportedHeader(header, id: call.id)
        }
        if call.method == "notifications/initialized" {
            sessions.update(sessionID) { $0.initialized = true }
        }
        let context = MCPBackendContext(session: sessionID, era: .handshake, protocolVersion: version,
                                        supportedVersions: MCPProtocolVersion.all, rawMessage: request.body)
        let response: JSONRPCResponse?
        do {
            response = try await backend.handle(call, context: context)
        } catch {
            return backendFailure(error, id: call.id)
        }
        if let response, !sink.send(.message(response.encode())) {
            await closeLegacyStream(sessionID)
        }
        return MCPHTTPResponse(status: 202)
    }
}
