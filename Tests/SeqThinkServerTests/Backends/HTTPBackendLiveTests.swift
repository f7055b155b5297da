import Foundation
import HTTP
import Testing
import TestSupport

/// MCP_LOCAL=http://…: seqthink in front of a FastMCP server (official Python SDK) on a
/// loopback port. The tools (echo, add, count, needs_auth…) are not the built-in engine's, so
/// every answer proves the call was forwarded.
@Suite(.serialized) struct HTTPBackendLiveTests {
    static func environment(_ fixture: RunningFixture, _ extra: [String: String] = [:]) -> [String: String] {
        ["MCP_LOCAL": fixture.url, "MCP_STARTUP_TIMEOUT_S": "30"].merging(extra) { _, new in new }
    }

    /// Handshake era through the gateway: initialize shows the backend's server, tools/list its
    /// tools, a result arrives byte for byte as the backend wrote it, and a backend error keeps
    /// its code, message and data. Run against SSE answers (FastMCP's default) and JSON ones.
    @Test(arguments: [[String](), ["--json"]])
    func forwardsResultsAndErrorsUnchanged(_ mode: [String]) async throws {
        try await RunningFixture.with("fastmcp_backend.py", ["http"] + mode) { fixture in
            try await LiveServer.with(Self.environment(fixture)) { server in
                #expect(try await server.get("/ready").status == 200)
                var gateway = MCPTestClient(url: server.base + "/mcp")
                let initialized = try await gateway.initialize()
                #expect(initialized.status == 200)
                #expect(gateway.sessionID != nil)
                let result = initialized.message["result"] as? [String: Any]
                #expect((result?["serverInfo"] as? [String: Any])?["name"] as? String == "fixture-backend")
                #expect(result?["protocolVersion"] as? String == "2025-11-25")
                #expect(result?["instructions"] as? String == "a test backend for seqthink")

                let list = try await gateway.post(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
                let tools = ((list.message["result"] as? [String: Any])?["tools"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(Set(tools ?? []).isSuperset(of: ["echo", "add", "count", "sleep", "needs_auth"]))
                #expect(!(tools ?? []).contains("sequentialthinking"))

                // The same call straight to the backend: the result text must be identical.
                var direct = MCPTestClient(url: fixture.url)
                _ = try await direct.initialize()
                let viaGateway = try await gateway.call("add", #"{"a":40,"b":2}"#, id: 7)
                let straight = try await direct.call("add", #"{"a":40,"b":2}"#, id: 7)
                #expect(viaGateway.status == 200)
                #expect(viaGateway.message["id"] as? Int == 7)
                let gatewayResult = try #require(viaGateway.resultText)
                #expect(gatewayResult.contains(#""structuredContent":{"result":42}"#))
                // The backend may answer SSE; compare with the data line's result text.
                let backendMessage = straight.text.split(separator: "\n").first { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) } ?? straight.text
                #expect(backendMessage.hasSuffix(gatewayResult + "}") || backendMessage.contains(#","result":"# + gatewayResult))

                let denied = try await gateway.call("needs_auth", id: 8)
                #expect(denied.status == 200)
                let error = denied.message["error"] as? [String: Any]
                #expect(error?["code"] as? Int == -32042)
                #expect(error?["message"] as? String == "Fixture needs authorization")
                #expect(((error?["data"] as? [String: Any])?["elicitations"] as? [Any])?.count == 1)

                let unknown = try await gateway.post(#"{"jsonrpc":"2.0","id":9,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"x"},"argument":{"name":"a","value":"b"}}}"#)
                #expect((unknown.message["error"] as? [String: Any])?["code"] as? Int != nil)

                // Requests of the backend's own during a call are answered (ping) or refused
                // (anything else) at once, so the call completes instead of timing out.
                if mode.isEmpty {
                    let asking = try await gateway.call("asks_client", id: 11)
                    let text = ((asking.message["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String
                    #expect(text?.hasPrefix("elicitation refused") == true, "\(asking.text)")
                }

                // An SSE-only client gets the forwarded answer as one event.
                let sse = try await gateway.post(#"{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"echo","arguments":{"text":"über\nline"}}}"#,
                                                 headers: [("Accept", "text/event-stream")])
                #expect(sse.header("Content-Type")?.hasPrefix("text/event-stream") == true)
                #expect(((sse.message["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String == "über\nline")
            }
        }
    }

    /// Each gateway session has its own backend session: per-session state stays apart.
    @Test func mapsEachGatewaySessionToItsOwnBackendSession() async throws {
        try await RunningFixture.with { fixture in
            try await LiveServer.with(Self.environment(fixture)) { server in
                var first = MCPTestClient(url: server.base + "/mcp")
                var second = MCPTestClient(url: server.base + "/mcp")
                _ = try await first.initialize()
                _ = try await second.initialize()
                func count(_ client: MCPTestClient) async throws -> Any? {
                    let answer = try await client.call("count")
                    return ((answer.message["result"] as? [String: Any])?["structuredContent"] as? [String: Any])?["result"]
                }
                #expect(try await count(first) as? Int == 1)
                #expect(try await count(first) as? Int == 2)
                #expect(try await count(second) as? Int == 1)
                // Ending the gateway session ends the backend one; a new session starts afresh.
                let deleted = try await server.client.execute(HTTPClientRequest(
                    method: "DELETE", url: server.base + "/mcp", headers: [("Mcp-Session-Id", first.sessionID!)]), timeout: .seconds(10))
                #expect(deleted.status == 200)
                _ = try await first.initialize()
                #expect(try await count(first) as? Int == 1)
            }
        }
    }

    /// 50 calls at once, each answered with its own text.
    @Test func answersFiftyConcurrentCallsEachWithItsOwnResult() async throws {
        try await RunningFixture.with { fixture in
            try await LiveServer.with(Self.environment(fixture)) { server in
                var gateway = MCPTestClient(url: server.base + "/mcp")
                _ = try await gateway.initialize()
                let client = gateway
                let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let answer = try await client.call("echo", #"{"text":"call-\#(index)"}"#, id: 1000 + index)
                            let text = ((answer.message["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String
                            return answer.status == 200 && answer.message["id"] as? Int == 1000 + index && text == "call-\(index)"
                        }
                    }
                    var bad = 0
                    for try await ok in group where !ok { bad += 1 }
                    return bad
                }
                #expect(mismatches == 0)
            }
        }
    }

    /// The stateless revision (2026-07-28) and the simple route reach the backend too; the
    /// stateless answer carries its per-result fields and discover describes the backend.
    @Test func servesStatelessAndSimpleRouteCallsFromTheBackend() async throws {
        try await RunningFixture.with { fixture in
            try await LiveServer.with(Self.environment(fixture)) { server in
                let gateway = MCPTestClient(url: server.base + "/mcp")
                let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
                let discover = try await gateway.post(#"{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{\#(meta)}}"#,
                                                      headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "server/discover")])
                let discovered = discover.message["result"] as? [String: Any]
                #expect(discover.status == 200)
                #expect(((discovered?["_meta"] as? [String: Any])?["io.modelcontextprotocol/serverInfo"] as? [String: Any])?["name"] as? String == "fixture-backend")
                #expect((discovered?["supportedVersions"] as? [String])?.first == "2026-07-28")

                let call = try await gateway.post(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2},\#(meta)}}"#,
                                                  headers: [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "add")])
                let result = call.message["result"] as? [String: Any]
                #expect(call.status == 200)
                #expect((result?["structuredContent"] as? [String: Any])?["result"] as? Int == 3)
                #expect(result?["resultType"] as? String == "complete")

                let simple = try await server.post("/mcp/tool", json: #"{"tool":"echo","payload":{"text":"simple"}}"#)
                #expect(simple.status == 200)
                let object = try JSONSerialization.jsonObject(with: Data(simple.body)) as? [String: Any]
                #expect((object?["content"] as? [[String: Any]])?.first?["text"] as? String == "simple")
            }
        }
    }
}
