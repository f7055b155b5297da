public import JSON

// What the two external backends (HTTP and stdio) share: how a client's message becomes a
// request to the backend and how the backend's answer becomes the client's.
//
// The gateway is the MCP server its clients talk to (it negotiated their version and holds
// their session); towards the backend it is an MCP client of the handshake era with a session
// of its own. So:
//   - `initialize` (handshake era) opens (or reuses) the backend session mapped to the gateway
//     session and answers with the backend's result, `protocolVersion` set to what the gateway
//     negotiated with the client;
//   - `server/discover` (2026-07-28) is answered from the backend's initialize result;
//   - every other request is forwarded with an id of the gateway's own (ids from several
//     clients share one backend session, and the Python SDK keys its response streams by id),
//     stateless `_meta` protocol fields removed; the answer's `result` or `error` is spliced back
//     byte for byte under the client's id (handshake era) or decorated with the stateless
//     per-result fields (2026-07-28);
//   - client notifications are not forwarded (the backend session's own `initialized` is sent
//     by the gateway; a `notifications/cancelled` would name the client's id, which the backend
//     never saw).

internal import Synchronization

/// What a backend answered to the gateway's `initialize`.
public struct MCPBackendSessionInfo: Sendable, Equatable {
    /// The version the backend agreed to (one of the handshake revisions).
    public var protocolVersion: String
    /// The backend's whole initialize result (capabilities, serverInfo, instructions…).
    public var result: JSONObject

    public var serverInfo: JSONValue? { result["serverInfo"] }
}

/// One response from the backend: its bytes as received and the decoded message.
struct MCPBackendReply: Sendable {
    var bytes: [UInt8]
    var message: JSONRPCMessage
}

/// The part that differs between HTTP and stdio: opening a backend session and one round trip.
protocol MCPForwardingTransport: Sendable {
    /// The backend session mapped to gateway session `session`, opened when needed.
    func sessionInfo(for session: String) async throws(MCPBackendError) -> MCPBackendSessionInfo
    /// Sends one encoded request carrying `id` in `session` and returns the response to it.
    func call(_ request: [UInt8], id: JSONRPCID, session: String) async throws(MCPBackendError) -> MCPBackendReply
}

enum MCPForwarding {
    /// Request ids towards backends: unique in the process, never reused.
    private static let nextID = Atomic<Int>(1)

    static func newID() -> JSONRPCID {
        JSONRPCID(nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
    }

    /// The `_meta` keys of the stateless revision's per-request protocol fields.
    static let protocolMetaPrefix = "io.modelcontextprotocol/"

    static func handle(_ message: JSONRPCRequest, context: MCPBackendContext,
                       transport: some MCPForwardingTransport) async throws(MCPBackendError) -> JSONRPCResponse? {
        guard let clientID = message.id else { return nil }
        switch (message.method, context.era) {
        case ("initialize", .handshake):
            let info = try await transport.sessionInfo(for: context.session)
            var result = info.result
            result["protocolVersion"] = .string(context.protocolVersion)
            return .result(clientID, .object(result))
        case ("server/discover", .stateless):
            let info = try await transport.sessionInfo(for: context.session)
            return .result(clientID, discoverResult(info, context: context))
        default:
            let backendID = newID()
            let request = encodeRequest(message, id: backendID, era: context.era)
            let reply = try await transport.call(request, id: backendID, session: context.session)
            switch context.era {
            case .handshake:
                return passThrough(reply, clientID: clientID)
            case .stateless:
                let info = try await transport.sessionInfo(for: context.session)
                return decorated(reply, clientID: clientID, serverInfo: info.serverInfo)
            }
        }
    }

    /// `{"jsonrpc":"2.0","id":…,"method":…,"params":…}`, with the stateless protocol fields
    /// removed from `_meta` (a handshake-era backend does not know them).
    static func encodeRequest(_ message: JSONRPCRequest, id: JSONRPCID?, era: MCPEra) -> [UInt8] {
        var params = message.params
        if era == .stateless, var p = params, case .object(var meta)? = p["_meta"] {
            for key in meta.keys where key.hasPrefix(protocolMetaPrefix) { meta[key] = nil }
            p["_meta"] = meta.isEmpty ? nil : .object(meta)
            params = p
        }
        var writer = JSONWriter(reservingCapacity: 256)
        writer.writeRaw("{\"jsonrpc\":\"2.0\"")
        if let id {
            writer.writeRaw(",\"id\":")
            writer.write(id.jsonValue)
        }
        writer.writeRaw(",\"method\":")
        writer.writeString(message.method)
        if let params {
            writer.writeRaw(",\"params\":")
            writer.write(.object(params))
        }
        writer.writeRaw("}")
        return writer.bytes
    }

    /// The backend's `result` or `error` under the client's id, its bytes unchanged.
    static func passThrough(_ reply: MCPBackendReply, clientID: JSONRPCID) -> JSONRPCResponse {
        let member: String
        let code: Int?
        switch reply.message {
        case .error(_, let error): member = "error"; code = error.code
        default: member = "result"; code = nil
        }
        guard let span = JSONMemberSpan.find(member, in: reply.bytes) else {
            return reencoded(reply, clientID: clientID)
        }
        var writer = JSONWriter(reservingCapacity: span.count + 64)
        writer.writeRaw("{\"jsonrpc\":\"2.0\",\"id\":")
        writer.write(clientID.jsonValue)
        writer.writeRaw(member == "error" ? ",\"error\":" : ",\"result\":")
        writer.writeRaw(reply.bytes[span])
        writer.writeRaw("}")
        return JSONRPCResponse(id: clientID, outcome: .encodedMessage(writer.bytes, errorCode: code))
    }

    static func reencoded(_ reply: MCPBackendReply, clientID: JSONRPCID) -> JSONRPCResponse {
        switch reply.message {
        case .error(_, let error): return .error(clientID, error)
        case .result(_, let result): return .result(clientID, result)
        default: return .error(clientID, .internalError("MCP backend answered with something other than a response"))
        }
    }

    /// A stateless (2026-07-28) answer: `resultType` and `_meta` serverInfo added to the result.
    static func decorated(_ reply: MCPBackendReply, clientID: JSONRPCID, serverInfo: JSONValue?) -> JSONRPCResponse {
        guard case .result(_, .object(var result)) = reply.message else { return reencoded(reply, clientID: clientID) }
        if result["resultType"] == nil { result["resultType"] = .string("complete") }
        if let serverInfo {
            var meta = result["_meta"]?.objectValue ?? [:]
            meta["io.modelcontextprotocol/serverInfo"] = serverInfo
            result["_meta"] = .object(meta)
        }
        return .result(clientID, .object(result))
    }

    /// `server/discover` answered for a handshake-era backend from its initialize result.
    static func discoverResult(_ info: MCPBackendSessionInfo, context: MCPBackendContext) -> JSONValue {
        var result: JSONObject = [
            "resultType": .string("complete"),
            "supportedVersions": .array(context.supportedVersions.map { .string($0) }),
            "capabilities": info.result["capabilities"] ?? .object([:]),
        ]
        if let instructions = info.result["instructions"] { result["instructions"] = instructions }
        if let serverInfo = info.serverInfo {
            result["_meta"] = .object(["io.modelcontextprotocol/serverInfo": serverInfo])
        }
        return .object(result)
    }

    // MARK: - Talking to the backend as a client

    /// The gateway's own initialize request to a backend.
    static func initializeRequest(id: JSONRPCID, clientVersion: String) -> [UInt8] {
        let params: JSONObject = [
            "protocolVersion": .string(MCPProtocolVersion.handshake[0]),
            "capabilities": .object([:]),
            "clientInfo": .object(["name": .string("seqthink"), "version": .string(clientVersion)]),
        ]
        return encodeRequest(JSONRPCRequest(id: id, method: "initialize", params: params), id: id, era: .handshake)
    }

    static let initializedNotification = Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8)

    /// Reads the backend's answer to our initialize; refuses a version we do not speak.
    static func sessionInfo(from reply: MCPBackendReply) throws(MCPBackendError) -> MCPBackendSessionInfo {
        switch reply.message {
        case .result(_, .object(let result)):
            guard case .string(let version)? = result["protocolVersion"] else {
                throw .unavailable("backend initialize result has no protocolVersion")
            }
            guard MCPProtocolVersion.knownHandshake.contains(version) else {
                throw .unavailable("backend offered protocol version \(version.prefix(32)), which the gateway does not speak")
            }
            return MCPBackendSessionInfo(protocolVersion: version, result: result)
        case .error(_, let error):
            throw .unavailable("backend refused initialize: \(error.code) \(error.message.prefix(200))")
        default:
            throw .unavailable("backend initialize result is not an object")
        }
    }

    /// Decodes one message from the backend. Returns nil when it is valid JSON-RPC but not a
    /// response (a notification or a request of the backend's own); throws for garbage.
    static func decodeReply(_ bytes: [UInt8]) throws(MCPBackendError) -> MCPBackendReply? {
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.decode(bytes)
        } catch {
            throw .unavailable("backend sent an invalid JSON-RPC message (\(error.error.message.prefix(120)))")
        }
        switch message {
        case .result, .error: return MCPBackendReply(bytes: bytes, message: message)
        case .request, .notification: return nil
        }
    }

    /// The response id, when the message is a response.
    static func responseID(_ message: JSONRPCMessage) -> JSONRPCID? {
        switch message {
        case .result(let id, _): id
        case .error(let id, _): id
        default: nil
        }
    }
}
