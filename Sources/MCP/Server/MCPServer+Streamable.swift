import JSON

// POST and DELETE on /mcp: the Streamable HTTP transport of the handshake revisions
// (2025-06-18 / 2025-11-25 basic/transports "Streamable HTTP", "Session Management",
// "Protocol Version Header"). Stateless (2026-07-28) requests branch off to
// MCPServer+Stateless.swift after decoding.

extension MCPServer {
    static let sessionHeader = "Mcp-Session-Id"
    static let versionHeader = "MCP-Protocol-Version"

    func handleStreamablePost(_ request: MCPHTTPRequest) async -> MCPHTTPResponse {
        guard let format = responseFormat(request.headers) else {
            return .jsonRPC(406, .error(nil, .invalidRequest("Not Acceptable: accept application/json or text/event-stream")))
        }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.decode(request.body)
        } catch {
            return .jsonRPC(400, .error(error.id, error.error))
        }
        switch message {
        case .result, .error:
            return MCPHTTPResponse(status: 202)
        case .notification(let notification):
            return await handleStreamableNotification(notification, headers: request.headers, body: request.body, principal: request.principal)
        case .request(let call):
            if call.method == "initialize" { return await handleInitialize(call, format: format, body: request.body, principal: request.principal) }
            if isStateless(call, headers: request.headers) {
                return await handleStateless(call, headers: request.headers, format: format, body: request.body, principal: request.principal)
            }
            return await handleHandshakeRequest(call, headers: request.headers, format: format, body: request.body, principal: request.principal)
        }
    }

    /// A stateless request names its version in `_meta`, or sends a version header that no
    /// handshake revision has (so an unknown future version is answered with -32022).
    func isStateless(_ call: JSONRPCRequest, headers: MCPHeaders) -> Bool {
        if call.meta?["io.modelcontextprotocol/protocolVersion"] != nil { return true }
        if let header = headers[Self.versionHeader], !MCPProtocolVersion.knownHandshake.contains(header) { return true }
        return false
    }

    func handleInitialize(_ call: JSONRPCRequest, format: ResponseFormat, body: [UInt8], principal: String?) async -> MCPHTTPResponse {
        guard let id = call.id else { return MCPHTTPResponse(status: 202) }
        guard case .string(let requested)? = call.params?["protocolVersion"] else {
            return .jsonRPC(400, .error(id, .invalidParams("initialize needs a string protocolVersion")))
        }
        let version = MCPProtocolVersion.negotiate(requested)
        var sessionID = sharedHistory(principal)
        var extraHeaders: [(name: String, value: String)] = []
        if configuration.sessionsEnabled {
            let created = sessions.create(.streamable, protocolVersion: version, principal: principal)
            await notifyEnded(created.removed)
            sessionID = created.id
            extraHeaders.append((Self.sessionHeader, created.id))
        }
        let context = MCPBackendContext(session: sessionID, era: .handshake, protocolVersion: version,
                                        supportedVersions: MCPProtocolVersion.all, rawMessage: body)
        let response: JSONRPCResponse?
        do {
            response = try await backend.handle(call, context: context)
        } catch {
            if configuration.sessionsEnabled { sessions.remove(sessionID) }
            return backendFailure(error, id: id)
        }
        guard let response else { return MCPHTTPResponse(status: 202) }
        if response.error != nil, configuration.sessionsEnabled {
            sessions.remove(sessionID)
            extraHeaders = []
        }
        return reply(response, format: format, headers: extraHeaders)
    }

    func handleHandshakeRequest(_ call: JSONRPCRequest, headers: MCPHeaders, format: ResponseFormat, body: [UInt8], principal: String?) async -> MCPHTTPResponse {
        let session: (id: String, version: String)
        switch resolveHandshakeSession(headers, id: call.id, principal: principal) {
        case .failure(let refusal): return refusal.response
        case .success(let found): session = found
        }
        let context = MCPBackendContext(session: session.id, era: .handshake, protocolVersion: session.version,
                                        supportedVersions: MCPProtocolVersion.all, rawMessage: body)
        do {
            guard let response = try await backend.handle(call, context: context) else { return MCPHTTPResponse(status: 202) }
            return reply(response, format: format)
        } catch {
            return backendFailure(error, id: call.id)
        }
    }

    func handleStreamableNotification(_ notification: JSONRPCRequest, headers: MCPHeaders, body: [UInt8], principal: String?) async -> MCPHTTPResponse {
        if isStateless(notification, headers: headers) {
            // 2026-07-28 defines no client notifications over HTTP; accept and drop.
            return MCPHTTPResponse(status: 202)
        }
        let session: (id: String, version: String)
        switch resolveHandshakeSession(headers, id: nil, principal: principal) {
        case .failure(let refusal): return refusal.response
        case .success(let found): session = found
        }
        if notification.method == "notifications/initialized", configuration.sessionsEnabled {
            sessions.update(session.id) { $0.initialized = true }
        }
        let context = MCPBackendContext(session: session.id, era: .handshake, protocolVersion: session.version,
                                        supportedVersions: MCPProtocolVersion.all, rawMessage: body)
        _ = try? await backend.handle(notification, context: context)
        return MCPHTTPResponse(status: 202)
    }

    struct Refusal: Error { let response: MCPHTTPResponse }

    /// The session a handshake-era message belongs to and its negotiated version, or the
    /// refusal: 400 without a session id, 404 for an unknown or ended one, 400 for a version
    /// header that is not the negotiated version.
    func resolveHandshakeSession(_ headers: MCPHeaders, id: JSONRPCID?, principal: String?) -> Result<(id: String, version: String), Refusal> {
        let header = headers[Self.versionHeader]
        guard configuration.sessionsEnabled else {
            if let header, !MCPProtocolVersion.handshake.contains(header) {
                return .failure(Refusal(response: unsupportedHeader(header, id: id)))
            }
            return .success((sharedHistory(principal), header ?? MCPProtocolVersion.handshake[0]))
        }
        guard let sessionID = headers[Self.sessionHeader] else {
            return .failure(Refusal(response: .jsonRPC(400, .error(id, .invalidRequest("Bad Request: Mcp-Session-Id header is required")))))
        }
        guard MCPSessionID.isWellFormed(sessionID) else {
            return .failure(Refusal(response: .jsonRPC(400, .error(id, .invalidRequest("Bad Request: malformed Mcp-Session-Id")))))
        }
        guard let state = sessions.lookup(sessionID, principal: principal), case .streamable = state.kind else {
            return .failure(Refusal(response: .jsonRPC(404, .error(id, .invalidRequest("Session not found")))))
        }
        let version = state.protocolVersion ?? MCPProtocolVersion.handshake[0]
        if let header, header != version {
            return .failure(Refusal(response: unsupportedHeader(header, id: id)))
        }
        return .success((sessionID, version))
    }

    func unsupportedHeader(_ header: String, id: JSONRPCID?) -> MCPHTTPResponse {
        .jsonRPC(400, .error(id, .invalidRequest(
            "Bad Request: unsupported MCP-Protocol-Version \(header.prefix(64)) for this session; supported: \(MCPProtocolVersion.handshake.joined(separator: ", "))")))
    }

    func handleDelete(_ request: MCPHTTPRequest) async -> MCPHTTPResponse {
        guard configuration.sessionsEnabled else {
            return MCPHTTPResponse(status: 405, headers: [("Allow", "POST")])
        }
        guard let sessionID = request.headers[Self.sessionHeader] else {
            return .jsonRPC(400, .error(nil, .invalidRequest("Bad Request: Mcp-Session-Id header is required")))
        }
        guard MCPSessionID.isWellFormed(sessionID), let state = sessions.lookup(sessionID, principal: request.principal),
              case .streamable = state.kind else {
            return .jsonRPC(404, .error(nil, .invalidRequest("Session not found")))
        }
        sessions.remove(sessionID)
        await backend.sessionEnded(sessionID)
        return MCPHTTPResponse(status: 200)
    }

    /// A response as JSON or as a one-event SSE stream.
    func reply(_ response: JSONRPCResponse, format: ResponseFormat, status: Int = 200,
               headers: [(name: String, value: String)] = []) -> MCPHTTPResponse {
        let bytes = response.encode()
        switch format {
        case .json:
            return MCPHTTPResponse(status: status, headers: headers, body: .json(bytes))
        case .sse:
            return MCPHTTPResponse(status: status, headers: headers + [("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")],
                                   body: .sse([.message(bytes)]))
        }
    }

    func backendFailure(_ error: MCPBackendError, id: JSONRPCID?) -> MCPHTTPResponse {
        switch error {
        case .unavailable(let reason):
            logger?(.warning, "MCP backend failed: \(reason)")
            return .jsonRPC(502, .error(id, .internalError("MCP backend unavailable")))
        case .timedOut:
            return .jsonRPC(504, .error(id, .internalError("MCP backend timed out")))
        }
    }
}
