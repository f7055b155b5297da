import JSON
import Testing
@testable import MCP

/// The 2026-07-28 rules: version in _meta and header, Mcp-Method/Mcp-Name mirrored, 404 for an unknown method.
@Suite struct MCPServerStatelessTests {
    func headers(method: String, name: String? = nil, version: String = "2026-07-28") -> [(String, String)] {
        var h = [("MCP-Protocol-Version", version), ("Mcp-Method", method)]
        if let name { h.append(("Mcp-Name", name)) }
        return h
    }

    @Test func answersServerDiscover() async {
        let server = makeServer()
        let response = await post(server, #"{"jsonrpc":"2.0","id":"d","method":"server/discover","params":{\#(statelessMeta)}}"#,
                                  headers: headers(method: "server/discover"))
        #expect(response.status == 200)
        let result = response.json?["result"]
        #expect(result?["resultType"] == .string("complete"))
        #expect(result?["supportedVersions"] == json(#"["2026-07-28","2025-11-25","2025-06-18"]"#))
        #expect(result?["capabilities"]?["tools"] != nil)
        #expect(result?["_meta"]?["io.modelcontextprotocol/serverInfo"] == json(#"{"name":"seqthink","version":"1.2.3"}"#))
        #expect(result?["ttlMs"] != nil && result?["cacheScope"] != nil)
    }

    @Test func callsTheToolWithoutASessionAndSharesTheDefaultHistory() async {
        let server = makeServer()
        let body = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments),\#(statelessMeta)}}"#
        let first = await post(server, body, headers: headers(method: "tools/call", name: "sequentialthinking"))
        let second = await post(server, body, headers: headers(method: "tools/call", name: "sequentialthinking") + [("Mcp-Session-Id", "ignored")])
        #expect(first.status == 200)
        #expect(first.json?["result"]?["resultType"] == .string("complete"))
        #expect(first.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(1))
        #expect(second.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(2))
        #expect(second.header("Mcp-Session-Id") == nil)
    }

    @Test func listsToolsWithCacheFields() async {
        let response = await post(makeServer(), #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{\#(statelessMeta)}}"#,
                                  headers: headers(method: "tools/list"))
        #expect(response.json?["result"]?["tools"] == .array([SequentialThinkingTool.definition]))
        #expect(response.json?["result"]?["cacheScope"] == .string("public"))
    }

    @Test func acceptsABase64EncodedMcpName() async {
        let response = await post(makeServer(), #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments),\#(statelessMeta)}}"#,
                                  headers: headers(method: "tools/call", name: "=?base64?c2VxdWVudGlhbHRoaW5raW5n?="))
        #expect(response.status == 200)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        let headers: [(String, String)]
        let status: Int
        let code: Int
        var testDescription: String { name }
    }

    static let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":{},\#(statelessMeta)}}"#
    static let meta2027 = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2027-01-01","io.modelcontextprotocol/clientCapabilities":{}}"#

    static let cases: [Case] = [
        Case(name: "unknown method", body: #"{"jsonrpc":"2.0","id":1,"method":"foo/bar","params":{\#(statelessMeta)}}"#,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "foo/bar")], status: 404, code: -32601),
        Case(name: "initialize-era method in stateless", body: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{\#(statelessMeta)}}"#,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "ping")], status: 404, code: -32601),
        Case(name: "missing version header", body: call, headers: [("Mcp-Method", "tools/call"), ("Mcp-Name", "sequentialthinking")], status: 400, code: -32020),
        Case(name: "version header mismatch", body: call,
             headers: [("MCP-Protocol-Version", "2025-11-25"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "sequentialthinking")], status: 400, code: -32020),
        Case(name: "unsupported version", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{\#(meta2027)}}"#,
             headers: [("MCP-Protocol-Version", "2027-01-01"), ("Mcp-Method", "tools/list")], status: 400, code: -32022),
        Case(name: "unknown version header without _meta", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
             headers: [("MCP-Protocol-Version", "2030-01-01")], status: 400, code: -32022),
        Case(name: "modern header without _meta", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list")], status: 400, code: -32602),
        Case(name: "missing capabilities", body: #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list")], status: 400, code: -32602),
        Case(name: "missing Mcp-Method", body: call, headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Name", "sequentialthinking")], status: 400, code: -32020),
        Case(name: "Mcp-Method mismatch", body: call,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list"), ("Mcp-Name", "sequentialthinking")], status: 400, code: -32020),
        Case(name: "Mcp-Method differs in case", body: call,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "TOOLS/CALL"), ("Mcp-Name", "sequentialthinking")], status: 400, code: -32020),
        Case(name: "missing Mcp-Name", body: call, headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call")], status: 400, code: -32020),
        Case(name: "Mcp-Name mismatch", body: call,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "other")], status: 400, code: -32020),
        Case(name: "bad base64 Mcp-Name", body: call,
             headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "=?base64?***?=")], status: 400, code: -32020),
    ]

    @Test(arguments: cases)
    func refusesMisuse(_ c: Case) async {
        let response = await post(makeServer(), c.body, headers: c.headers)
        #expect(response.status == c.status)
        #expect(response.errorCode == c.code)
        #expect(response.json?["id"] == .int(1))
    }

    @Test func listsSupportedVersionsInTheUnsupportedVersionError() async {
        let response = await post(makeServer(), #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{\#(Self.meta2027)}}"#,
                                  headers: [("MCP-Protocol-Version", "2027-01-01"), ("Mcp-Method", "tools/list")])
        #expect(response.json?["error"]?["data"] == json(#"{"supported":["2026-07-28","2025-11-25","2025-06-18"],"requested":"2027-01-01"}"#))
    }

    @Test func acceptsStatelessNotificationsWith202() async {
        let response = await post(makeServer(), #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{\#(statelessMeta)}}"#,
                                  headers: [("MCP-Protocol-Version", "2026-07-28")])
        #expect(response.status == 202)
    }
}
