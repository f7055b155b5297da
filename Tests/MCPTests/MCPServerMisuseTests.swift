import JSON
import Testing
@testable import MCP

/// Protocol misuse through the neutral core: every case gets a clear status and error, never a crash.
@Suite struct MCPServerMisuseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        let headers: [(String, String)]
        let status: Int
        let code: Int?
        var testDescription: String { name }
    }

    static let session = "SESSION"  // replaced by a live session id in the test

    static let cases: [Case] = [
        Case(name: "bad JSON", body: "{\"jsonrpc\":", headers: [], status: 400, code: -32700),
        Case(name: "empty body", body: "", headers: [], status: 400, code: -32700),
        Case(name: "wrong jsonrpc", body: #"{"jsonrpc":"1.0","id":1,"method":"ping"}"#, headers: [], status: 400, code: -32600),
        Case(name: "batch", body: #"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, headers: [], status: 400, code: -32600),
        Case(name: "null id", body: #"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, headers: [], status: 400, code: -32600),
        Case(name: "fractional id", body: #"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, headers: [], status: 400, code: -32600),
        Case(name: "object id", body: #"{"jsonrpc":"2.0","id":{},"method":"ping"}"#, headers: [], status: 400, code: -32600),
        Case(name: "params not an object", body: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":3}"#, headers: [], status: 400, code: -32600),
        Case(name: "params an array", body: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}"#, headers: [], status: 400, code: -32602),
        Case(name: "method not a string", body: #"{"jsonrpc":"2.0","id":1,"method":5}"#, headers: [], status: 400, code: -32600),
        Case(name: "extra member", body: #"{"jsonrpc":"2.0","id":1,"method":"ping","x":1}"#, headers: [], status: 400, code: -32600),
        Case(name: "missing session", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, headers: [], status: 400, code: -32600),
        Case(name: "unknown session", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, headers: [("Mcp-Session-Id", "nope")], status: 404, code: -32600),
        Case(name: "malformed session", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, headers: [("Mcp-Session-Id", "a b")], status: 400, code: -32600),
        Case(name: "wrong version header in session", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
             headers: [("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-06-18")], status: 400, code: -32600),
        Case(name: "unknown method in session", body: #"{"jsonrpc":"2.0","id":1,"method":"foo/bar"}"#,
             headers: [("Mcp-Session-Id", session)], status: 200, code: -32601),
        Case(name: "initialize without version", body: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#, headers: [], status: 400, code: -32602),
        Case(name: "tools/call without name", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}"#,
             headers: [("Mcp-Session-Id", session)], status: 200, code: -32602),
        Case(name: "notification without session", body: #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, headers: [], status: 400, code: -32600),
        Case(name: "bad Origin", body: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Origin", "https://evil.example")], status: 403, code: -32600),
        Case(name: "nothing acceptable", body: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#, headers: [("Accept", "text/html")], status: 406, code: -32600),
    ]

    @Test(arguments: cases)
    func refusesMisuse(_ c: Case) async {
        let server = makeServer()
        let sid = await initializeSession(server)
        var headers = c.headers.map { ($0.0, $0.1 == Self.session ? sid : $0.1) }
        if let accept = headers.firstIndex(where: { $0.0 == "Accept" }) {
            let value = headers.remove(at: accept).1
            let response = await server.handle(MCPHTTPRequest(method: "POST", route: .streamableHTTP,
                headers: MCPHeaders([(name: "Accept", value: value)] + headers.map { (name: $0.0, value: $0.1) }), body: Array(c.body.utf8)))
            #expect(response.status == c.status)
            #expect(response.errorCode == c.code)
            return
        }
        let response = await post(server, c.body, headers: headers)
        #expect(response.status == c.status, "\(c.name)")
        #expect(response.errorCode == c.code, "\(c.name)")
    }

    @Test func answersNotificationsAndClientResponsesWith202() async {
        let server = makeServer()
        let sid = await initializeSession(server)
        for body in [#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#,
                     #"{"jsonrpc":"2.0","id":5,"result":{}}"#,
                     #"{"jsonrpc":"2.0","id":5,"error":{"code":-1,"message":"x"}}"#] {
            let response = await post(server, body, headers: [("Mcp-Session-Id", sid)])
            #expect(response.status == 202)
            #expect(response.body == .empty)
        }
    }

    @Test func answersGetWith405() async {
        let response = await makeServer().handle(MCPHTTPRequest(method: "GET", route: .streamableHTTP, headers: [:]))
        #expect(response.status == 405)
        #expect(response.header("allow") == "POST, DELETE")
    }

    @Test func acceptsAnAllowedOrigin() async {
        let server = makeServer { $0.allowedOrigins = ["https://ok.example"] }
        let response = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}"#,
                                  headers: [("Origin", "https://ok.example")])
        #expect(response.status == 200)
    }

    @Test func answersAnOversizedThoughtWithAnErrorResult() async {
        let server = makeServer { $0.maxThoughtBytes = 100 }
        let sid = await initializeSession(server)
        let big = String(repeating: "x", count: 101)
        let response = await post(server, #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":{"thought":"\#(big)","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1}}}"#,
                                  headers: [("Mcp-Session-Id", sid)])
        #expect(response.status == 200)
        #expect(response.json?["result"]?["isError"] == .bool(true))
    }

    @Test func survivesGarbageBodies() async {
        let server = makeServer()
        var generator = SystemRandomNumberGenerator()
        for length in [1, 7, 64, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let response = await server.handle(MCPHTTPRequest(method: "POST", route: .streamableHTTP, headers: [:], body: bytes))
            #expect(response.status == 400)
        }
    }
}
