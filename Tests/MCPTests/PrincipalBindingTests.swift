import JSON
import Foundation
import Testing
@testable import MCP

/// Sessions are bound to the authenticated principal, and shared histories are kept per principal.
@Suite struct PrincipalBindingTests {
    func send(_ server: MCPServer, _ body: String, headers: MCPHeaders, principal: String?, route: MCPRoute = .streamableHTTP) async -> MCPHTTPResponse {
        var all = headers
        all.add("Accept", "application/json, text/event-stream")
        return await server.handle(MCPHTTPRequest(method: "POST", route: route, headers: all, body: Array(body.utf8), principal: principal))
    }

    @Test func refusesASessionPresentedByAnotherPrincipal() async {
        let server = makeServer()
        let initialize = await send(server, #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#, headers: [:], principal: "alice")
        let sid = initialize.header("Mcp-Session-Id") ?? ""
        let ping = #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#
        #expect(await send(server, ping, headers: ["Mcp-Session-Id": sid], principal: "alice").status == 200)
        #expect(await send(server, ping, headers: ["Mcp-Session-Id": sid], principal: "mallory").status == 404)
        #expect(await send(server, ping, headers: ["Mcp-Session-Id": sid], principal: nil).status == 404)
        let delete = await server.handle(MCPHTTPRequest(method: "DELETE", route: .streamableHTTP, headers: ["Mcp-Session-Id": sid], principal: "mallory"))
        #expect(delete.status == 404)
    }

    @Test func refusesALegacyPostFromAnotherPrincipal() async {
        let server = makeServer()
        let id = await server.openLegacyStream(RecordingSink(), principal: "alice")
        let ping = #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#
        #expect(await send(server, ping, headers: [:], principal: "mallory", route: .legacyMessages(sessionID: id)).status == 404)
        #expect(await send(server, ping, headers: [:], principal: "alice", route: .legacyMessages(sessionID: id)).status == 202)
    }

    @Test func keepsTheSharedHistoryPerPrincipal() async {
        let server = makeServer()
        let body = #"{"tool":"sequentialthinking","payload":{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":1,"branchFromThought":1,"branchId":"secret-plan"}}"#
        _ = await send(server, body, headers: [:], principal: "alice", route: .simpleTool)
        let bob = await send(server, body.replacingOccurrences(of: "secret-plan", with: "b"), headers: [:], principal: "bob", route: .simpleTool)
        #expect(bob.json?["structuredContent"]?["branches"] == json(#"["b"]"#))
        #expect(bob.json?["structuredContent"]?["thoughtHistoryLength"] == .int(1))
        let stateless = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(thoughtArguments),\#(statelessMeta)}}"#
        let alice = await send(server, stateless, headers: ["MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "sequentialthinking"], principal: "alice")
        #expect(alice.json?["result"]?["structuredContent"]?["thoughtHistoryLength"] == .int(2))
    }
}
