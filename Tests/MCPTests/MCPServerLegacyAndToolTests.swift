import JSON
import Testing
@testable import MCP

@Suite struct MCPServerLegacySSETests {
    func messages(_ server: MCPServer, _ id: String?, _ body: String, headers: MCPHeaders = [:]) async -> MCPHTTPResponse {
        await server.handle(MCPHTTPRequest(method: "POST", route: .legacyMessages(sessionID: id), headers: headers, body: Array(body.utf8)))
    }

    @Test func sendsARelativeEndpointFirstThenMessages() async throws {
        let server = makeServer()
        let sink = RecordingSink()
        let id = await server.openLegacyStream(sink)
        #expect(sink.events.first?.event == "endpoint")
        #expect(sink.events.first.map { String(decoding: $0.data, as: UTF8.self) } == "/mcp/messages?session_id=\(id)")
        #expect(String(decoding: sink.events[0].encoded(), as: UTF8.self) == "event: endpoint\ndata: /mcp/messages?session_id=\(id)\n\n")

        let initialize = await messages(server, id, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        #expect(initialize.status == 202)
        #expect(await messages(server, id, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 202)
        _ = await messages(server, id, #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments)}}"#)
        let events = sink.events
        #expect(events.count == 3)
        #expect(events[1].event == "message")
        let first = try JSONParser.parse(events[1].data)
        #expect(first["result"]?["protocolVersion"] == .string("2025-06-18"))
        let call = try JSONParser.parse(events[2].data)
        #expect(call["id"] == .int(2))
        #expect(call["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(1))
    }

    @Test func refusesAPostBeforeTheStreamExists() async {
        let server = makeServer()
        #expect(await messages(server, "nosuchsession", #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 404)
        #expect(await messages(server, nil, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 400)
    }

    @Test func freesTheSessionWhenTheStreamCloses() async {
        let server = makeServer()
        let sink = RecordingSink()
        let id = await server.openLegacyStream(sink)
        #expect(server.sessionCount == 1)
        await server.closeLegacyStream(id)
        #expect(server.sessionCount == 0)
        #expect(sink.finished)
        #expect(await messages(server, id, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#).status == 404)
    }

    @Test func closesTheSessionWhenAWriteFails() async {
        let server = makeServer()
        let sink = RecordingSink()
        let id = await server.openLegacyStream(sink)
        sink.breakConnection()
        _ = await messages(server, id, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
        #expect(server.sessionCount == 0)
        let other = RecordingSink()
        _ = await server.openLegacyStream(other)
        other.breakConnection()
        await server.sendKeepAlives()
        #expect(server.sessionCount == 0)
    }

    @Test func keepsAnOpenStreamsSessionPastTheIdleTTL() async {
        let manual = ManualClock()
        let server = makeServer({ $0.sessionTTLSeconds = 5 }, clock: manual.clock)
        let id = await server.openLegacyStream(RecordingSink())
        manual.advance(60)
        await server.expireIdleSessions()
        #expect(await messages(server, id, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#).status == 202)
    }

    @Test func finishesAStreamEvictedAtMaxSessions() async {
        let manual = ManualClock()
        let server = makeServer({ $0.maxSessions = 1 }, clock: manual.clock)
        let first = RecordingSink()
        _ = await server.openLegacyStream(first)
        manual.advance(1)
        _ = await server.openLegacyStream(RecordingSink())
        #expect(first.finished)
        #expect(server.sessionCount == 1)
    }

    @Test func sendsCommentKeepAlives() async {
        let server = makeServer()
        let sink = RecordingSink()
        _ = await server.openLegacyStream(sink)
        await server.sendKeepAlives()
        #expect(sink.events.last?.isComment == true)
        #expect(String(decoding: SSEEvent.keepAlive.encoded(), as: UTF8.self) == ": keep-alive\n\n")
    }

    @Test func refusesBadJSONWith400() async {
        let server = makeServer()
        let id = await server.openLegacyStream(RecordingSink())
        let response = await messages(server, id, "{nope")
        #expect(response.status == 400)
        #expect(response.errorCode == -32700)
    }

    @Test func refusesAStreamFromABadOrigin() {
        #expect(makeServer().checkLegacyStreamRequest(["Origin": "https://evil.example"])?.status == 403)
        #expect(makeServer().checkLegacyStreamRequest(["Accept": "text/event-stream"]) == nil)
    }

    @Test func splitsMultiLineDataIntoDataLines() {
        let event = SSEEvent(event: "message", data: Array("a\nb\r\nc\rd".utf8))
        #expect(String(decoding: event.encoded(), as: UTF8.self) == "event: message\ndata: a\ndata: b\ndata: c\ndata: d\n\n")
    }
}

@Suite struct MCPServerSimpleToolTests {
    @Test func answersWithTheCallToolResult() async {
        let server = makeServer()
        let response = await post(server, #"{"tool":"sequentialthinking","payload":\#(thoughtArguments)}"#, route: .simpleTool)
        #expect(response.status == 200)
        #expect(response.json?["structuredContent"]?["thoughtNumber"] == .int(1))
        #expect(response.json?["content"] != nil)
    }

    @Test func answersInvalidArgumentsWithAnErrorResult() async {
        let response = await post(makeServer(), #"{"tool":"sequentialthinking","payload":{"thought":1}}"#, route: .simpleTool)
        #expect(response.status == 200)
        #expect(response.json?["isError"] == .bool(true))
    }

    @Test(arguments: ["{", "[]", #"{"payload":{}}"#, #"{"tool":5}"#, #"{"tool":"x","payload":{},"extra":1}"#])
    func refusesAMalformedBody(_ body: String) async {
        let response = await post(makeServer(), body, route: .simpleTool)
        #expect(response.status == 400)
        #expect(response.problemCode != nil)
    }

    @Test func refusesOtherMethods() async {
        let response = await makeServer().handle(MCPHTTPRequest(method: "GET", route: .simpleTool, headers: [:]))
        #expect(response.status == 405)
    }
}
