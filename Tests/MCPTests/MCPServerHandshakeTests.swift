import JSON
import Testing
@testable import MCP

@Suite struct MCPServerHandshakeTests {
    @Test(arguments: [("2025-06-18", "2025-06-18"), ("2025-11-25", "2025-11-25"), ("2024-11-05", "2025-11-25"), ("1999-01-01", "2025-11-25")])
    func negotiatesTheProtocolVersion(_ requested: String, _ answered: String) async {
        let server = makeServer()
        let response = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\#(requested)","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        #expect(response.status == 200)
        #expect(response.json?["result"]?["protocolVersion"] == .string(answered))
        #expect(response.json?["result"]?["serverInfo"] == json(#"{"name":"seqthink","version":"1.2.3"}"#))
        #expect(response.json?["result"]?["capabilities"]?["tools"] != nil)
        #expect(response.json?["id"] == .int(1))
    }

    @Test func issuesARandomVisibleASCIISessionID() async {
        let server = makeServer()
        let a = await initializeSession(server), b = await initializeSession(server)
        #expect(a.count == 32 && b.count == 32 && a != b)
        #expect(a.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E })
    }

    @Test func servesToolsListAndCallsInASession() async {
        let server = makeServer()
        let sid = await initializeSession(server)
        let list = await post(server, #"{"jsonrpc":"2.0","id":"l","method":"tools/list"}"#, headers: [("Mcp-Session-Id", sid)])
        #expect(list.status == 200)
        #expect(list.json?["result"]?["tools"] == .array([SequentialThinkingTool.definition]))
        #expect(list.json?["result"]?["resultType"] == nil)
        let call = await post(server, #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments)}}"#,
                              headers: [("Mcp-Session-Id", sid), ("MCP-Protocol-Version", "2025-11-25")])
        #expect(call.status == 200)
        #expect(call.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(1))
        let ping = await post(server, #"{"jsonrpc":"2.0","id":8,"method":"ping"}"#, headers: [("Mcp-Session-Id", sid)])
        #expect(ping.json?["result"] == .object([:]))
    }

    @Test(arguments: ["12345678901234567890123", "-5", "0", "\"\"", "\"ü id \\n\"", "\"x\""])
    func echoesRequestIDsExactly(_ id: String) async {
        let server = makeServer()
        let sid = await initializeSession(server)
        let response = await post(server, #"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#, headers: [("Mcp-Session-Id", sid)])
        guard case .json(let bytes) = response.body else { Issue.record("no JSON body"); return }
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"jsonrpc":"2.0","id":\#(id),"#))
    }

    @Test func answersWithSSEWhenOnlyEventStreamIsAccepted() async {
        let server = makeServer()
        let response = await server.handle(MCPHTTPRequest(method: "POST", route: .streamableHTTP, headers: ["Accept": "text/event-stream"],
            body: Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#.utf8)))
        guard case .sse(let events) = response.body else { Issue.record("expected SSE"); return }
        #expect(events.count == 1 && events[0].event == "message")
        #expect(response.contentType == "text/event-stream")
        #expect(response.json?["result"]?["protocolVersion"] == .string("2025-06-18"))
    }

    @Test func keepsHistorySeparatePerSession() async {
        let server = makeServer()
        let a = await initializeSession(server), b = await initializeSession(server)
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments)}}"#
        _ = await post(server, call, headers: [("Mcp-Session-Id", a)])
        let second = await post(server, call, headers: [("Mcp-Session-Id", a)])
        let other = await post(server, call, headers: [("Mcp-Session-Id", b)])
        #expect(second.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(2))
        #expect(other.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(1))
    }

    @Test func deleteEndsTheSessionAndItsHistory() async {
        let server = makeServer()
        let sid = await initializeSession(server)
        let delete = await server.handle(MCPHTTPRequest(method: "DELETE", route: .streamableHTTP, headers: ["mcp-session-id": sid]))
        #expect(delete.status == 200)
        let after = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Mcp-Session-Id", sid)])
        #expect(after.status == 404)
        let again = await server.handle(MCPHTTPRequest(method: "DELETE", route: .streamableHTTP, headers: ["Mcp-Session-Id": sid]))
        #expect(again.status == 404)
    }

    @Test func expiresIdleSessions() async {
        let manual = ManualClock()
        let server = makeServer({ $0.sessionTTLSeconds = 5 }, clock: manual.clock)
        let sid = await initializeSession(server)
        manual.advance(6)
        let response = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Mcp-Session-Id", sid)])
        #expect(response.status == 404)
    }

    @Test func evictsTheLeastRecentlyUsedSessionAtMaxSessions() async {
        let manual = ManualClock()
        let server = makeServer({ $0.maxSessions = 2 }, clock: manual.clock)
        let a = await initializeSession(server); manual.advance(1)
        let b = await initializeSession(server); manual.advance(1)
        _ = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Mcp-Session-Id", a)]); manual.advance(1)
        _ = await initializeSession(server)
        #expect(server.sessionCount == 2)
        #expect(await post(server, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Mcp-Session-Id", a)]).status == 200)
        #expect(await post(server, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Mcp-Session-Id", b)]).status == 404)
    }

    @Test func worksWithoutSessionsWhenTheyAreOff() async {
        let server = makeServer { $0.sessionsEnabled = false }
        let initialize = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        #expect(initialize.header("Mcp-Session-Id") == nil)
        let list = await post(server, #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
        #expect(list.status == 200)
        let delete = await server.handle(MCPHTTPRequest(method: "DELETE", route: .streamableHTTP, headers: [:]))
        #expect(delete.status == 405)
    }
}
