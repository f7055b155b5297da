import JSON

// MCP_LOCAL=http://127.0.0.1:PORT/PATH: an MCP server reached over Streamable HTTP
// (2025-06-18 / 2025-11-25 basic/transports "Streamable HTTP"), with the gateway as its client.
//
//   gateway session ──(BackendSessionTable)──▶ backend Mcp-Session-Id, negotiated version
//   request ──POST (Accept: application/json, text/event-stream)──▶ JSON body or SSE stream
//                                         └─ 404 for our session: open a new one, retry once
//
// Each gateway session gets a backend session of its own (opened on first use: initialize,
// then notifications/initialized), so per-session state in the backend stays separate; stateless
// and /mcp/tool calls share one backend session per principal. Connections come from the
// HTTP client's bounded keep-alive pool (sized to STAGE_WORKERS: the dispatcher never has more
// calls in flight). Every call has one deadline, MCP_TIMEOUT_S, from entry to the last byte
// (504 after it); a refused connection, a broken or garbage answer is a 502. A probe session
// pings the backend every `checkInterval` (every second while it is down) for /ready.

internal import HTTP
internal import Synchronization

/// An external MCP server over Streamable HTTP.
public final class HTTPBackend: MCPManagedBackend {
    public struct Configuration: Sendable {
        /// The backend's MCP endpoint, `http://127.0.0.1:8000/mcp`.
        public var url: String
        /// Per call, from entry to the last byte of the answer.
        public var timeout: Duration = .seconds(120)
        /// Keep-alive pool size (STAGE_WORKERS); more concurrent calls wait for a connection.
        public var maximumConnections: Int = 16
        /// Backend sessions kept at once; the least recently used is closed beyond this.
        public var maximumSessions: Int = 10_000
        /// Largest answer accepted (JSON body or one SSE event).
        public var maximumMessageBytes: Int = 4 << 20
        /// How often the probe pings a ready backend (a down one: every second).
        public var checkInterval: Duration = .seconds(5)
        /// Accept a non-loopback host (MCP_ALLOW_REMOTE).
        public var allowRemote = false
        /// Sent as clientInfo.version in the gateway's initialize.
        public var clientVersion = "0"

        public init(url: String) { self.url = url }
    }

    public let configuration: Configuration
    let endpoint: HTTPBackendEndpoint
    let client: HTTPClient
    let sessions: BackendSessionTable<HTTPBackendSession>
    let logger: MCPLogger?
    private let state = Mutex(State())
    /// Set once the backend answered a request with a JSON body (then calls use `execute`).
    private let answersJSON = Atomic<Bool>(false)

    private struct State {
        var status: MCPBackendStatus = .starting
        var probe: Task<Void, Never>?
        var stopped = false
    }

    public init(configuration: Configuration, logger: MCPLogger? = nil) throws(MCPBackendConfigurationError) {
        self.configuration = configuration
        endpoint = try HTTPBackendEndpoint(url: configuration.url, allowRemote: configuration.allowRemote)
        client = HTTPClient(configuration: HTTPClientConfiguration(
            maximumResponseBytes: configuration.maximumMessageBytes,
            maximumConnectionsPerHost: max(1, configuration.maximumConnections)))
        sessions = BackendSessionTable(capacity: configuration.maximumSessions)
        self.logger = logger
    }

    // MARK: - MCPBackend

    public func handle(_ message: JSONRPCRequest, context: MCPBackendContext) async throws(MCPBackendError) -> JSONRPCResponse? {
        let transport = Transport(backend: self, deadline: ContinuousClock.now + configuration.timeout)
        return try await MCPForwarding.handle(message, context: context, transport: transport)
    }

    public func sessionEnded(_ session: String) async {
        guard let ended = sessions.remove(session) else { return }
        await close(ended)
    }

    public func status() async -> MCPBackendStatus { state.withLock { $0.status } }

    // MARK: - MCPManagedBackend

    public func start() async {
        let task = Task { await self.probeLoop() }
        state.withLock { $0.probe = task }
    }

    public func shutdown(grace: Duration) async {
        let probe = state.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            defer { state.probe = nil }
            return state.probe
        }
        probe?.cancel()
        await probe?.value
        // Close what we opened in the backend, while the grace lasts.
        let deadline = ContinuousClock.now + grace
        for session in sessions.removeAll() where ContinuousClock.now < deadline {
            await close(session, deadline: deadline)
        }
        client.closeIdleConnections()
    }

    // MARK: - Probe

    private func probeLoop() async {
        var probe: HTTPBackendSession?
        while !Task.isCancelled {
            let deadline = ContinuousClock.now + min(configuration.timeout, .seconds(10))
            do throws(MCPBackendError) {
                if let open = probe {
                    let pingID = MCPForwarding.newID()
                    let ping = MCPForwarding.encodeRequest(JSONRPCRequest(id: pingID, method: "ping"), id: pingID, era: .handshake)
                    switch try await post(ping, expecting: pingID, session: open, deadline: deadline) {
                    case .sessionGone: probe = nil; continue
                    case .reply, .accepted: break
                    }
                } else {
                    probe = try await openSession(deadline: deadline)
                }
                setStatus(.ready)
            } catch {
                if Task.isCancelled { break }
                probe = nil
                setStatus(.unavailable(reason: Self.reason(error)))
            }
            let ready = state.withLock { $0.status == .ready }
            try? await Task.sleep(for: ready ? configuration.checkInterval : .seconds(1))
        }
        if let probe { await close(probe) }
    }

    func setStatus(_ status: MCPBackendStatus) {
        let changed = state.withLock { state -> Bool in
            guard !state.stopped, state.status != status else { return false }
            state.status = status
            return true
        }
        if changed {
            switch status {
            case .ready: logger?(.info, "MCP backend \(configuration.url) is ready")
            case .starting: break
            case .unavailable(let reason): logger?(.warning, "MCP backend \(configuration.url) is unavailable: \(reason)")
            }
        }
    }

    static func reason(_ error: MCPBackendError) -> String {
        switch error {
        case .unavailable(let why): why
        case .timedOut: "timed out"
        }
    }

    // MARK: - Sessions

    /// initialize, then notifications/initialized, as a client would.
    func openSession(deadline: ContinuousClock.Instant) async throws(MCPBackendError) -> HTTPBackendSession {
        let id = MCPForwarding.newID()
        let request = MCPForwarding.initializeRequest(id: id, clientVersion: configuration.clientVersion)
        guard case .reply(let reply, let sessionID) = try await post(request, expecting: id, session: nil, deadline: deadline) else {
            throw .unavailable("backend gave no answer to initialize")
        }
        let info = try MCPForwarding.sessionInfo(from: reply)
        let session = HTTPBackendSession(id: sessionID, info: info)
        switch try await post(MCPForwarding.initializedNotification, expecting: nil, session: session, deadline: deadline) {
        case .sessionGone: throw .unavailable("backend forgot the session it had just opened")
        case .reply, .accepted: return session
        }
    }

    /// DELETE the backend session, best effort (a backend may answer 405: it keeps none).
    func close(_ session: HTTPBackendSession, deadline: ContinuousClock.Instant? = nil) async {
        guard let id = session.id else { return }
        let limit = deadline.map { ContinuousClock.now.duration(to: $0) } ?? .seconds(5)
        guard limit > .zero else { return }
        _ = try? await client.execute(HTTPClientRequest(
            method: "DELETE", url: configuration.url,
            headers: [("Mcp-Session-Id", id), ("MCP-Protocol-Version", session.info.protocolVersion)]),
            timeout: min(limit, .seconds(5)))
    }

    // MARK: - One POST

    enum PostOutcome: Sendable {
        case reply(MCPBackendReply, sessionID: String?)
        /// A notification (or a ping probe) was accepted.
        case accepted
        /// The backend answered 404 to our Mcp-Session-Id: the session is gone.
        case sessionGone
    }

    /// POSTs one message. `expecting` is the id of the response wanted (nil: a notification,
    /// any 2xx will do).
    func post(_ body: [UInt8], expecting id: JSONRPCID?, session: HTTPBackendSession?,
              deadline: ContinuousClock.Instant) async throws(MCPBackendError) -> PostOutcome {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Accept", "application/json, text/event-stream"),
        ]
        if let session {
            if let id = session.id { headers.append(("Mcp-Session-Id", id)) }
            headers.append(("MCP-Protocol-Version", session.info.protocolVersion))
        }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { throw .timedOut }
        let request = HTTPClientRequest(method: "POST", url: configuration.url, headers: headers, body: body)
        if answersJSON.load(ordering: .relaxed) {
            return try await postWhole(request, expecting: id, session: session, deadline: deadline)
        }
        let response: HTTPClientStreamingResponse
        do {
            response = try await client.stream(request, timeout: remaining, readTimeout: remaining)
        } catch {
            throw failure(error, deadline: deadline)
        }
        // One deadline for the whole answer: a body that trickles is cut off when it passes.
        let timer = Task {
            do { try await Task.sleep(until: deadline); response.body.cancel() } catch {}
        }
        defer { timer.cancel() }

        if response.status == 404, session?.id != nil {
            response.body.cancel()
            return .sessionGone
        }
        let type = (response.header("Content-Type") ?? "").lowercased()
        if id == nil {
            guard (200..<300).contains(response.status) else {
                response.body.cancel()
                throw .unavailable("backend answered HTTP \(response.status) to a notification")
            }
            _ = try? await response.body.collect(maximumBytes: 64 * 1024)
            return .accepted
        }
        if type.hasPrefix("text/event-stream"), response.status == 200 {
            return try await readEvents(response, expecting: id, session: session, deadline: deadline)
        }
        let bytes: [UInt8]
        do {
            bytes = try await response.body.collect(maximumBytes: configuration.maximumMessageBytes)
        } catch {
            throw failure(error, deadline: deadline)
        }
        if type.hasPrefix("application/json"), response.status == 200 {
            // This backend answers with JSON bodies: read later answers whole, in one I/O step.
            answersJSON.store(true, ordering: .relaxed)
        }
        return try Self.interpret(status: response.status, type: type, bytes: bytes, expecting: id,
                                  sessionID: response.header("Mcp-Session-Id"))
    }

    /// The response to a complete body (JSON, or an SSE stream the backend closed).
    static func interpret(status: Int, type: String, bytes: [UInt8], expecting id: JSONRPCID?,
                          sessionID: String?) throws(MCPBackendError) -> PostOutcome {
        if type.hasPrefix("text/event-stream"), status == 200 {
            var parser = SSEParser(maximumBytes: bytes.count + 1)
            let events = (try? parser.feed(bytes + [0x0A, 0x0A])) ?? []
            for event in events where event.type == "message" {
                if let reply = try MCPForwarding.decodeReply(event.data), MCPForwarding.responseID(reply.message) == id {
                    return .reply(reply, sessionID: sessionID)
                }
            }
            throw .unavailable("backend closed the SSE stream without answering")
        }
        guard type.hasPrefix("application/json") else {
            throw .unavailable("backend answered HTTP \(status) with Content-Type \(type.prefix(64))")
        }
        // A JSON-RPC error answering our id keeps its code and message whatever the status.
        guard let reply = try? MCPForwarding.decodeReply(bytes),
              MCPForwarding.responseID(reply.message) == id else {
            throw .unavailable("backend answered HTTP \(status) without a JSON-RPC response to the request")
        }
        guard (200..<300).contains(status) || reply.message.isError else {
            throw .unavailable("backend answered HTTP \(status)")
        }
        return .reply(reply, sessionID: sessionID)
    }

    /// The whole exchange in one I/O step (`HTTPClient.execute`), for a backend that answers
    /// with JSON bodies: about 100 µs of CPU less per call than reading the head and the body
    /// in separate steps. If the backend answers SSE after all, it must close the stream after
    /// the response (the spec's SHOULD); the next calls go back to reading streams.
    private func postWhole(_ request: HTTPClientRequest, expecting id: JSONRPCID?, session: HTTPBackendSession?,
                           deadline: ContinuousClock.Instant) async throws(MCPBackendError) -> PostOutcome {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw failure(error, deadline: deadline)
        }
        if response.status == 404, session?.id != nil { return .sessionGone }
        if id == nil {
            guard (200..<300).contains(response.status) else {
                throw .unavailable("backend answered HTTP \(response.status) to a notification")
            }
            return .accepted
        }
        let type = (response.header("Content-Type") ?? "").lowercased()
        if type.hasPrefix("text/event-stream") { answersJSON.store(false, ordering: .relaxed) }
        return try Self.interpret(status: response.status, type: type, bytes: response.body, expecting: id,
                                  sessionID: response.header("Mcp-Session-Id"))
    }

    /// Reads SSE events until the response to `id` arrives; notifications and requests of the
    /// backend's own on the way are dropped (the gateway offers the backend no capabilities).
    private func readEvents(_ response: HTTPClientStreamingResponse, expecting id: JSONRPCID?, session: HTTPBackendSession?,
                            deadline: ContinuousClock.Instant) async throws(MCPBackendError) -> PostOutcome {
        var parser = SSEParser(maximumBytes: configuration.maximumMessageBytes)
        do {
            for try await chunk in response.body {
                let events: [SSEParser.Event]
                do {
                    events = try parser.feed(chunk)
                } catch {
                    response.body.cancel()
                    throw MCPBackendError.unavailable("backend sent an SSE event larger than \(configuration.maximumMessageBytes) bytes")
                }
                for event in events where event.type == "message" {
                    guard let reply = try MCPForwarding.decodeReply(event.data) else {
                        answerServerRequest(event.data, session: session)
                        continue
                    }
                    guard MCPForwarding.responseID(reply.message) == id else { continue }
                    drainInBackground(response.body, deadline: deadline)
                    return .reply(reply, sessionID: response.header("Mcp-Session-Id"))
                }
            }
        } catch let error as MCPBackendError {
            response.body.cancel()
            throw error
        } catch let error as HTTPClientError {
            throw failure(error, deadline: deadline)
        } catch {
            throw .unavailable("\(error)")
        }
        // Our deadline timer ends the stream by closing it: that is the timeout, not the backend.
        if ContinuousClock.now >= deadline { throw .timedOut }
        throw .unavailable("backend closed the SSE stream without answering")
    }

    /// A request of the backend's own on the stream (ping, roots/list, sampling, elicitation…):
    /// the gateway offers no client capabilities, so ping is answered `{}` and anything else
    /// -32601, POSTed back at once so the backend does not wait for an answer that never comes.
    private func answerServerRequest(_ bytes: [UInt8], session: HTTPBackendSession?) {
        guard case .request(let request)? = try? JSONRPCMessage.decode(bytes), let requestID = request.id else { return }
        let answer: JSONRPCResponse = request.method == "ping"
            ? .result(requestID, .object([:]))
            : .error(requestID, .methodNotFound(request.method))
        logger?(.debug, "MCP backend sent a \(request.method.prefix(64)) request; answered \(request.method == "ping" ? "{}" : "-32601")")
        Task {
            _ = try? await self.post(answer.encode(), expecting: nil, session: session,
                                     deadline: ContinuousClock.now + .seconds(5))
        }
    }

    /// The backend SHOULD close the stream after the response; reading it to its end in the
    /// background lets the connection go back to the pool without delaying the answer.
    private func drainInBackground(_ body: HTTPClientBodyStream, deadline: ContinuousClock.Instant) {
        Task {
            let timer = Task { do { try await Task.sleep(until: deadline); body.cancel() } catch {} }
            defer { timer.cancel() }
            var total = 0
            do {
                for try await chunk in body {
                    total += chunk.count
                    if total > configuration.maximumMessageBytes { body.cancel(); return }
                }
            } catch {}
        }
    }

    func failure(_ error: HTTPClientError, deadline: ContinuousClock.Instant) -> MCPBackendError {
        // Past the deadline whatever broke the exchange (our timer closing the body included)
        // is the timeout.
        if ContinuousClock.now >= deadline { return .timedOut }
        switch error {
        case .timeout:
            return .timedOut
        case .cancelled:
            return ContinuousClock.now >= deadline ? .timedOut : .unavailable("call cancelled")
        case .connectionRefused, .connectFailed, .resolutionFailed:
            setStatus(.unavailable(reason: error.description))
            return .unavailable(error.description)
        default:
            return .unavailable(error.description)
        }
    }

    // MARK: - The transport seen by MCPForwarding

    struct Transport: MCPForwardingTransport {
        let backend: HTTPBackend
        let deadline: ContinuousClock.Instant

        func sessionInfo(for session: String) async throws(MCPBackendError) -> MCPBackendSessionInfo {
            try await open(session).info
        }

        private func open(_ session: String) async throws(MCPBackendError) -> HTTPBackendSession {
            let (opened, evicted) = try await backend.sessions.get(session) { () async throws(MCPBackendError) in
                try await backend.openSession(deadline: deadline)
            }
            for old in evicted { await backend.close(old) }
            return opened
        }

        func call(_ request: [UInt8], id: JSONRPCID, session: String) async throws(MCPBackendError) -> MCPBackendReply {
            var retried = false
            while true {
                let open = try await open(session)
                switch try await backend.post(request, expecting: id, session: open, deadline: deadline) {
                case .reply(let reply, _):
                    return reply
                case .accepted:
                    throw .unavailable("backend accepted a request without answering it")
                case .sessionGone:
                    // The backend restarted or expired our session: open a new one, once.
                    backend.sessions.invalidate(session, ifStill: open)
                    guard !retried else { throw .unavailable("backend lost the session twice in one call") }
                    retried = true
                }
            }
        }
    }
}

/// A backend session: its Mcp-Session-Id (nil when the backend issues none) and what it
/// negotiated.
struct HTTPBackendSession: Sendable, Equatable {
    var id: String?
    var info: MCPBackendSessionInfo
}

extension JSONRPCMessage {
    var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
