import JSON
import Synchronization
import Testing
@testable import MCP

/// A backend standing in for the external ones of issue 7.
final class ScriptedBackend: MCPBackend {
    enum Behaviour: Sendable { case passThrough([UInt8], errorCode: Int?), fail(MCPBackendError) }
    let behaviour: Behaviour
    private let seen = Mutex<[MCPBackendContext]>([])
    private let ended = Mutex<[String]>([])
    init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    func handle(_ message: JSONRPCRequest, context: MCPBackendContext) async throws(MCPBackendError) -> JSONRPCResponse? {
        seen.withLock { $0.append(context) }
        guard let id = message.id else { return nil }
        switch behaviour {
        case .passThrough(let bytes, let code): return JSONRPCResponse(id: id, outcome: .encodedMessage(bytes, errorCode: code))
        case .fail(let error): throw error
        }
    }
    func sessionEnded(_ session: String) async { ended.withLock { $0.append(session) } }
    func status() async -> MCPBackendStatus { .ready }
    var contexts: [MCPBackendContext] { seen.withLock { $0 } }
    var endedSessions: [String] { ended.withLock { $0 } }
}

struct FailingStore: ThoughtSessionStore {
    struct Down: Error, CustomStringConvertible { var description: String { "store unavailable" } }
    func append(_ thought: ThoughtInput, to session: String) async throws -> ThoughtHistorySummary { throw Down() }
    func removeSession(_ session: String) async {}
    func sessionCount() async -> Int { 0 }
}

@Suite struct BackendSeamTests {
    let statelessHeaders = [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list")]
    var statelessList: String { #"{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{\#(statelessMeta)}}"# }

    @Test func passesRawBytesBothWays() async {
        let answer = Array(#"{"jsonrpc":"2.0","id":3,"result":{"tools":[],"resultType":"complete"}}"#.utf8)
        let backend = ScriptedBackend(.passThrough(answer, errorCode: nil))
        let server = MCPServer(configuration: MCPConfiguration(), backend: backend)
        let response = await post(server, statelessList, headers: statelessHeaders)
        #expect(response.body == .json(answer))
        #expect(backend.contexts.first?.rawMessage == Array(statelessList.utf8))
        #expect(backend.contexts.first?.era == .stateless)
        #expect(backend.contexts.first?.session == defaultThoughtSession)
    }

    @Test func mapsAForwardedMethodNotFoundTo404InTheStatelessEra() async {
        let answer = Array(#"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"nope"}}"#.utf8)
        let server = MCPServer(configuration: MCPConfiguration(), backend: ScriptedBackend(.passThrough(answer, errorCode: -32601)))
        let response = await post(server, statelessList, headers: statelessHeaders)
        #expect(response.status == 404)
        #expect(response.body == .json(answer))
    }

    @Test(arguments: [(MCPBackendError.unavailable("boom"), 502), (.timedOut, 504)])
    func mapsBackendFailuresToGatewayStatuses(_ error: MCPBackendError, _ status: Int) async {
        let server = MCPServer(configuration: MCPConfiguration(), backend: ScriptedBackend(.fail(error)))
        let stateless = await post(server, statelessList, headers: statelessHeaders)
        #expect(stateless.status == status)
        #expect(stateless.errorCode == -32603)
        let tool = await post(server, #"{"tool":"x","payload":{}}"#, route: .simpleTool)
        #expect(tool.status == status)
        let initialize = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#)
        #expect(initialize.status == status)
        #expect(initialize.header("Mcp-Session-Id") == nil)
        #expect(server.sessionCount == 0)
    }

    @Test func tellsTheBackendWhenSessionsEnd() async {
        let answer = Array(#"{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"x","version":"1"}}}"#.utf8)
        let backend = ScriptedBackend(.passThrough(answer, errorCode: nil))
        let server = MCPServer(configuration: MCPConfiguration(), backend: backend)
        let sid = await initializeSession(server)
        #expect(backend.contexts.first?.session == sid)
        _ = await server.handle(MCPHTTPRequest(method: "DELETE", route: .streamableHTTP, headers: ["Mcp-Session-Id": sid]))
        let stream = await server.openLegacyStream(RecordingSink())
        await server.closeLegacyStream(stream)
        #expect(backend.endedSessions == [sid, stream])
    }

    @Test func answersAStoreFailureAsTheReferenceAnswersAnException() async {
        let engine = SequentialThinkingEngine(configuration: MCPConfiguration(), store: FailingStore())
        let result = await engine.process(arguments: json(thoughtArguments), session: "s")
        #expect(result.isErrorResult)
        #expect(result.firstText == "{\n  \"error\": \"store unavailable\",\n  \"status\": \"failed\"\n}")
    }

    @Test func reportsReadiness() async {
        #expect(await EmbeddedBackend(configuration: MCPConfiguration()).status() == .ready)
    }
}
