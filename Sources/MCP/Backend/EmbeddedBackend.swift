import JSON

// The embedded backend: answers initialize, ping, server/discover, tools/list and tools/call
// from the built-in sequential-thinking engine. Stateless (2026-07-28) results carry
// `resultType` and `_meta` serverInfo (basic/index "Per-response protocol fields"); list and
// discover results carry `ttlMs`/`cacheScope` (changelog, CacheableResult).

/// The built-in MCP server behind the gateway (`MCP_LOCAL=embedded`).
public final class EmbeddedBackend: MCPBackend {
    public let engine: SequentialThinkingEngine
    private let configuration: MCPConfiguration

    public init(configuration: MCPConfiguration, engine: SequentialThinkingEngine) {
        self.configuration = configuration
        self.engine = engine
    }

    /// An embedded backend with the in-memory history store.
    public convenience init(configuration: MCPConfiguration, clock: MCPClock = .system, logger: MCPLogger? = nil) {
        let store = InMemoryThoughtSessionStore(configuration: configuration, clock: clock)
        self.init(configuration: configuration,
                  engine: SequentialThinkingEngine(configuration: configuration, store: store, logger: logger))
    }

    public func status() async -> MCPBackendStatus { .ready }

    public func sessionEnded(_ session: String) async { await engine.endSession(session) }

    var serverInfo: JSONValue {
        .object(["name": .string(configuration.serverName), "version": .string(configuration.serverVersion)])
    }

    var capabilities: JSONValue { .object(["tools": .object(["listChanged": .bool(false)])]) }

    public func handle(_ message: JSONRPCRequest, context: MCPBackendContext) async throws(MCPBackendError) -> JSONRPCResponse? {
        guard let id = message.id else { return nil }  // notifications need no answer
        switch (message.method, context.era) {
        case ("initialize", .handshake):
            var result: JSONObject = [
                "protocolVersion": .string(context.protocolVersion),
                "capabilities": capabilities,
                "serverInfo": serverInfo,
            ]
            if let instructions = configuration.instructions { result["instructions"] = .string(instructions) }
            return .result(id, .object(result))
        case ("ping", .handshake):
            return .result(id, .object([:]))
        case ("server/discover", .stateless):
            var result: JSONObject = [
                "resultType": .string("complete"),
                "supportedVersions": .array(context.supportedVersions.map { .string($0) }),
                "capabilities": capabilities,
            ]
            if let instructions = configuration.instructions { result["instructions"] = .string(instructions) }
            result["ttlMs"] = .int(3_600_000)
            result["cacheScope"] = .string("public")
            result["_meta"] = .object(["io.modelcontextprotocol/serverInfo": serverInfo])
            return .result(id, .object(result))
        case ("tools/list", _):
            var result: JSONObject = ["tools": .array(engine.tools)]
            if context.era == .stateless {
                result["ttlMs"] = .int(3_600_000)
                result["cacheScope"] = .string("public")
            }
            return .result(id, decorate(.object(result), context))
        case ("tools/call", _):
            guard case .string(let name)? = message.params?["name"] else {
                return .error(id, .invalidParams("tools/call needs a string \"name\""))
            }
            let arguments = message.params?["arguments"]
            let result = await engine.callTool(name: name, arguments: arguments, session: context.session)
            return .result(id, decorate(result, context))
        default:
            return .error(id, .methodNotFound(message.method))
        }
    }

    /// Adds the stateless revision's per-result fields.
    private func decorate(_ result: JSONValue, _ context: MCPBackendContext) -> JSONValue {
        guard context.era == .stateless, case .object(var object) = result else { return result }
        object["resultType"] = .string("complete")
        object["_meta"] = .object(["io.modelcontextprotocol/serverInfo": serverInfo])
        return .object(object)
    }
}
