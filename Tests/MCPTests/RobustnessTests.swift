import JSON
import Testing
@testable import MCP

@Suite struct RobustnessTests {
    @Test func concurrentCallsOnOneSessionLoseNoThought() async {
        let server = makeServer()
        let sid = await initializeSession(server)
        let body = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments)}}"#
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { _ = await post(server, body, headers: [("Mcp-Session-Id", sid)]) } }
        }
        let last = await post(server, body, headers: [("Mcp-Session-Id", sid)])
        #expect(last.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(201))
    }

    @Test(arguments: [
        ("application/json;q=0.9, text/event-stream;q=0.1", "json"),
        ("TEXT/EVENT-STREAM", "sse"),
        (" text/event-stream ; charset=utf-8", "sse"),
        ("*/*", "json"),
        ("application/*", "json"),
        ("text/*", "sse"),
        ("image/png", "none"),
        ("application/jsonx", "none"),
        ("application/json-seq, image/png", "none"),
        ("text/event-stream-extra", "none"),
        ("application/json-and-then-much-longer-than-any-known-type", "none"),
        ("", "none"),
        ("\tApplication/JSON\t", "json"),
        ("image/png, text/event-stream", "sse"),
    ])
    func choosesTheResponseFormatFromAccept(_ accept: String, _ expected: String) {
        let format = makeServer().responseFormat(["Accept": accept])
        let name = switch format { case .json?: "json"; case .sse?: "sse"; case nil: "none" }
        #expect(name == expected)
    }

    @Test func readsHeaderNamesCaseInsensitively() {
        let headers: MCPHeaders = ["mcp-SESSION-id": "a", "Accept": "x", "accept": "y"]
        #expect(headers["Mcp-Session-Id"] == "a")
        #expect(headers.values("ACCEPT") == ["x", "y"])
        #expect(headers["Mcp-Session-Ie"] == nil)
        #expect(headers["Mcp-Session-I"] == nil)
        #expect(!MCPHeaders.equalNames("a-b", "a\rb"))
    }

    @Test func survivesEveryTruncationAndByteFlipOfAValidMessage() async {
        let server = makeServer { $0.sessionsEnabled = false }
        let valid = Array(#"{"jsonrpc":"2.0","id":"x\u00e9","method":"tools/call","params":{"name":"sequentialthinking","arguments":{"thought":"a\nb","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":[2]}}}"#.utf8)
        for cut in 0..<valid.count {
            let response = await server.handle(MCPHTTPRequest(method: "POST", route: .streamableHTTP, headers: [:], body: Array(valid[..<cut])))
            #expect(response.status == 400)
        }
        for index in valid.indices {
            for flip: UInt8 in [0x00, 0x22, 0x5C, 0x7B, 0x80, 0xFF] {
                var mutated = valid
                mutated[index] = flip
                let response = await server.handle(MCPHTTPRequest(method: "POST", route: .streamableHTTP, headers: [:], body: mutated))
                #expect([200, 202, 400, 404].contains(response.status))
            }
        }
    }

    @Test func decodesTheBase64HeaderSentinel() {
        #expect(MCPServer.decodeHeaderValue("=?base64?SGVsbG8sIOS4lueVjA==?=") == "Hello, 世界")
        #expect(MCPServer.decodeHeaderValue("plain") == "plain")
        #expect(MCPServer.decodeHeaderValue("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=") == "=?base64?literal?=")
        #expect(MCPServer.decodeHeaderValue("=?base64?abc?=") == nil)
        #expect(MCPServer.decodeHeaderValue("=?base64?//8=?=") == nil)  // not UTF-8
        #expect(MCPServer.decodeHeaderValue("bad\u{01}") == nil)
    }

    @Test func refusesAHugeNumberOfSessionsByEvictionNotGrowth() async {
        let server = makeServer { $0.maxSessions = 50 }
        for _ in 0..<200 { _ = await initializeSession(server) }
        #expect(server.sessionCount == 50)
    }
}
