import Foundation
import HTTP
import Synchronization
import Testing
import TestSupport

/// What the gateway does when its HTTP backend dies, hangs, talks garbage or is not there.
@Suite(.serialized) struct HTTPBackendFaultTests {
    static let toolCall = #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"x","arguments":{}}}"#

    /// The backend is killed during a call: that call gets 502 (counted as a backend failure),
    /// /ready turns 503; once the backend is back on its port, /ready is 200 again and the next
    /// call in the same gateway session succeeds (the gateway opens a new backend session when
    /// the new process answers 404 to the old one).
    @Test func backendKilledDuringACallGives502AndTheNextCallsRecover() async throws {
        let first = try await RunningFixture.start("fastmcp_backend.py", ["http"])
        let second = Mutex<RunningFixture?>(nil)
        defer {
            // SIGKILL (both may already be gone; the pids are not reused while unreaped).
            for fixture in [first, second.withLock { $0 }].compactMap({ $0 }) where fixture.process.isRunning {
                kill(fixture.process.processIdentifier, SIGKILL)
            }
        }
        try await LiveServer.with(HTTPBackendLiveTests.environment(first)) { server in
            var gateway = MCPTestClient(url: server.base + "/mcp")
            _ = try await gateway.initialize()
            let client = gateway
            let slow = Task { try await client.call("sleep", #"{"seconds":30}"#) }
            try await Task.sleep(for: .milliseconds(700))
            await first.kill()
            let failed = try await slow.value
            #expect(failed.status == 502)
            #expect((failed.message["error"] as? [String: Any])?["code"] as? Int == -32603)
            #expect(try await server.metric(#"seqthink_errors_total{stage="mcp",reason="backend_unavailable"}"#) >= 1)

            // With nothing listening the probe reports the backend down.
            try await server.waitForReady(503)
            let ready = try await server.get("/ready")
            #expect(ready.text.contains("mcp_backend"))
            #expect(try await server.metric("seqthink_mcp_backend_up") == 0)
            #expect(try await client.call("echo", #"{"text":"down"}"#).status == 502)

            let restarted = try await RunningFixture.start("fastmcp_backend.py", ["http", "--port", "\(first.port)"])
            second.withLock { $0 = restarted }
            try await server.waitForReady(200)
            let recovered = try await client.call("echo", #"{"text":"back"}"#)
            #expect(recovered.status == 200)
            #expect(((recovered.message["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String == "back")
        }
    }

    /// A backend that never answers (no response head, or an SSE stream of keep-alives without
    /// the response): 504 after MCP_TIMEOUT_S, counted, and the gateway closes the connection it
    /// was waiting on (the backend sees no call left open).
    @Test(arguments: ["hang", "trickle"])
    func aBackendThatNeverAnswersGives504AndLeavesNothingOpen(_ mode: String) async throws {
        try await RunningFixture.with("raw_backend.py", ["http", mode]) { fixture in
            try await LiveServer.with(HTTPBackendLiveTests.environment(fixture, ["MCP_TIMEOUT_S": "1"])) { server in
                #expect(try await server.get("/ready").status == 200)
                var gateway = MCPTestClient(url: server.base + "/mcp")
                _ = try await gateway.initialize()
                let answer = try await gateway.post(Self.toolCall)
                #expect(answer.status == 504)
                #expect((answer.message["error"] as? [String: Any])?["code"] as? Int == -32603)
                #expect(try await server.metric(#"seqthink_errors_total{stage="mcp",reason="backend_timeout"}"#) == 1)

                let stats = HTTPClient()
                var open = -1
                for _ in 0..<100 {
                    let response = try await stats.execute(HTTPClientRequest(url: "http://127.0.0.1:\(fixture.port)/stats"), timeout: .seconds(5))
                    open = (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["open_hangs"] as? Int ?? -1
                    if open == 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(open == 0, "the gateway left the timed-out call's connection open")
                // The backend still answers pings: it stays ready, and the gateway still serves.
                #expect(try await server.get("/ready").status == 200)
                #expect(try await server.get("/health").status == 200)
            }
        }
    }

    /// A body that is not JSON: 502, counted.
    @Test func aBackendThatAnswersGarbageGives502() async throws {
        try await RunningFixture.with("raw_backend.py", ["http", "garbage"]) { fixture in
            try await LiveServer.with(HTTPBackendLiveTests.environment(fixture)) { server in
                var gateway = MCPTestClient(url: server.base + "/mcp")
                let initialized = try await gateway.initialize()
                #expect(initialized.status == 200)
                #expect(((initialized.message["result"] as? [String: Any])?["serverInfo"] as? [String: Any])?["name"] as? String == "raw-backend")
                // The gateway negotiated 2025-11-25 with the client; the backend chose 2025-06-18.
                #expect((initialized.message["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-11-25")
                let answer = try await gateway.post(Self.toolCall)
                #expect(answer.status == 502)
                #expect(try await server.metric(#"seqthink_errors_total{stage="mcp",reason="backend_unavailable"}"#) == 1)
                let simple = try await server.post("/mcp/tool", json: #"{"tool":"x","payload":{}}"#)
                #expect(simple.status == 502)
                #expect(simple.text.contains("backend_unavailable"))
            }
        }
    }

    /// No backend at startup: after MCP_STARTUP_TIMEOUT_S the gateway listens with /ready 503
    /// naming the backend and mcp_backend_up 0; when the backend appears it turns ready.
    @Test func servesWithReady503UntilTheBackendAppears() async throws {
        let probe = try await RunningFixture.start("fastmcp_backend.py", ["http"])
        let port = probe.port
        await probe.kill()
        try await LiveServer.with(["MCP_LOCAL": "http://127.0.0.1:\(port)/mcp", "MCP_STARTUP_TIMEOUT_S": "0"]) { server in
            let ready = try await server.get("/ready")
            #expect(ready.status == 503)
            #expect(ready.text.contains("mcp_backend"))
            #expect(try await server.metric("seqthink_mcp_backend_up") == 0)
            let simple = try await server.post("/mcp/tool", json: #"{"tool":"echo","payload":{"text":"x"}}"#)
            #expect(simple.status == 502)

            try await RunningFixture.with("fastmcp_backend.py", ["http", "--port", "\(port)"]) { _ in
                try await server.waitForReady(200)
                #expect(try await server.metric("seqthink_mcp_backend_up") == 1)
                let echoed = try await server.post("/mcp/tool", json: #"{"tool":"echo","payload":{"text":"x"}}"#)
                #expect(echoed.status == 200)
            }
        }
    }

    /// A non-loopback backend host is refused at startup unless MCP_ALLOW_REMOTE=true (no
    /// connection is attempted: the check is on the URL).
    @Test func refusesANonLoopbackHostAtStartup() async throws {
        do {
            _ = try await LiveServer.start(["MCP_LOCAL": "http://192.0.2.10:8000/mcp"])
            Issue.record("the service started with a non-loopback backend")
        } catch {
            #expect("\(error)".contains("not loopback"))
            #expect("\(error)".contains("MCP_ALLOW_REMOTE"))
        }
    }
}
