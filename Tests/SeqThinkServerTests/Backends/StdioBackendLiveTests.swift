import Foundation
import HTTP
import MCP
import Testing
import TestSupport

/// MCP_LOCAL=stdio:…: seqthink runs an MCP server as its child and speaks newline-delimited
/// JSON-RPC with it; the FastMCP fixture (official Python SDK) and a raw misbehaving one.
@Suite(.serialized) struct StdioBackendLiveTests {
    static func backend(_ arguments: [String] = ["stdio"], script: String = "fastmcp_backend.py",
                        configure: (inout StdioBackend.Configuration) -> Void = { _ in }) throws -> StdioBackend {
        var configuration = StdioBackend.Configuration(commandLine: String(try BackendFixture.stdioCommand(arguments, script: script).dropFirst(6)))
        configure(&configuration)
        return try StdioBackend(configuration: configuration)
    }

    static func text(_ answer: MCPTestClient.Answer) -> String? {
        ((answer.message["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String
    }

    /// Through MCP_LOCAL itself: results and errors pass through, and 50 concurrent calls are
    /// multiplexed over the one child by request id, each getting its own answer.
    @Test func forwardsToAChildAndMultiplexesConcurrentCalls() async throws {
        try await LiveServer.with(["MCP_LOCAL": try BackendFixture.stdioCommand()]) { server in
            #expect(try await server.get("/ready").status == 200)
            var gateway = MCPTestClient(url: server.base + "/mcp")
            let initialized = try await gateway.initialize()
            #expect(((initialized.message["result"] as? [String: Any])?["serverInfo"] as? [String: Any])?["name"] as? String == "fixture-backend")
            let sum = try await gateway.call("add", #"{"a":40,"b":2}"#)
            #expect(sum.resultText?.contains(#""structuredContent":{"result":42}"#) == true)
            let asking = try await gateway.call("asks_client")
            #expect(Self.text(asking)?.hasPrefix("elicitation refused") == true, "\(asking.text)")
            let denied = try await gateway.call("needs_auth")
            #expect((denied.message["error"] as? [String: Any])?["code"] as? Int == -32042)
            #expect((denied.message["error"] as? [String: Any])?["message"] as? String == "Fixture needs authorization")

            let client = gateway
            let bad = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let answer = try await client.call("echo", #"{"text":"stdio-\#(index)"}"#, id: 2000 + index)
                        return answer.message["id"] as? Int == 2000 + index && Self.text(answer) == "stdio-\(index)"
                    }
                }
                var bad = 0
                for try await ok in group where !ok { bad += 1 }
                return bad
            }
            #expect(bad == 0)
            let simple = try await server.post("/mcp/tool", json: #"{"tool":"echo","payload":{"text":"simple"}}"#)
            #expect(simple.status == 200)
            #expect(simple.text.contains("simple"))
        }
    }

    /// A non-JSON line and a 6 MiB line on the child's stdout are dropped (and counted); the
    /// call that caused them still gets its answer, and the gateway keeps serving.
    @Test func dropsBadAndOverlongLines() async throws {
        let backend = try Self.backend()
        try await LiveServer.with([:], backend: backend) { server in
            var gateway = MCPTestClient(url: server.base + "/mcp")
            _ = try await gateway.initialize()
            let answer = try await gateway.call("noise")
            #expect(Self.text(answer) == "after the noise")
            #expect(backend.droppedLines == 2)
            #expect(Self.text(try await gateway.call("echo", #"{"text":"still here"}"#)) == "still here")
        }
    }

    /// The child dies during a call: that call gets 502, the child is restarted, and the next
    /// calls succeed.
    @Test func childDyingDuringACallGives502AndIsRestarted() async throws {
        let backend = try Self.backend { $0.initialBackoff = .milliseconds(100) }
        try await LiveServer.with([:], backend: backend) { server in
            var gateway = MCPTestClient(url: server.base + "/mcp")
            _ = try await gateway.initialize()
            let died = try await gateway.call("exit_now")
            #expect(died.status == 502)
            #expect(try await server.metric(#"seqthink_errors_total{stage="mcp",reason="backend_unavailable"}"#) == 1)
            for _ in 0..<200 {
                let ready = await backend.status() == .ready
                if backend.starts >= 2, ready { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(backend.starts == 2)
            try await server.waitForReady(200)
            #expect(Self.text(try await gateway.call("echo", #"{"text":"again"}"#)) == "again")
        }
    }

    /// A child that exits at once: /ready is 503 naming the backend, and restarts wait longer
    /// each time (doubling from the initial delay: no busy loop).
    @Test func childExitingAtOnceBacksOffAndKeepsReadyAt503() async throws {
        let backend = try Self.backend(["stdio", "exit"], script: "raw_backend.py") {
            $0.initialBackoff = .milliseconds(50)
            $0.maximumBackoff = .seconds(60)
        }
        try await LiveServer.with(["MCP_STARTUP_TIMEOUT_S": "0"], backend: backend) { server in
            for _ in 0..<200 where backend.restartDelays.count < 4 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let delays = backend.restartDelays
            #expect(delays.count >= 4)
            #expect(Array(delays.prefix(4)) == [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400)])
            #expect(backend.starts <= delays.count + 1)
            // /ready follows the backend's state at the supervisor's next tick (every second).
            var ready = try await server.get("/ready")
            for _ in 0..<100 where !ready.text.contains("exited with status 7") {
                try await Task.sleep(for: .milliseconds(50))
                ready = try await server.get("/ready")
            }
            #expect(ready.status == 503)
            #expect(ready.text.contains("mcp_backend: backend process exited with status 7"))
            let simple = try await server.post("/mcp/tool", json: #"{"tool":"echo","payload":{"text":"x"}}"#)
            #expect(simple.status == 502)
        }
    }

    /// A command line that only a shell could run as meant stops the service at startup.
    @Test func refusesAtStartupACommandLineMeantForAShell() async throws {
        do {
            let server = try await LiveServer.start(["MCP_LOCAL": "stdio:server --log | tee log.txt"])
            try await server.stop()
            Issue.record("the service started")
        } catch {
            #expect("\(error)".contains("unquoted |"))
        }
    }

    /// A command that cannot be started is retried with the same back-off, and says why.
    @Test func aMissingCommandIsRetriedWithBackOff() async throws {
        var configuration = StdioBackend.Configuration(commandLine: "/nonexistent/seqthink-test-command --flag")
        configuration.initialBackoff = .milliseconds(20)
        let backend = try StdioBackend(configuration: configuration)
        await backend.start()
        for _ in 0..<200 where backend.restartDelays.count < 3 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(Array(backend.restartDelays.prefix(3)) == [.milliseconds(20), .milliseconds(40), .milliseconds(80)])
        #expect(backend.starts == 0)
        guard case .unavailable(let reason) = await backend.status() else {
            Issue.record("a backend that cannot start is not unavailable")
            return
        }
        #expect(reason.contains("cannot start /nonexistent/seqthink-test-command"))
        await backend.shutdown(grace: .seconds(1))
    }

    /// A child that never answers a call: 504 after the timeout, and nothing is left waiting.
    @Test func childThatNeverAnswersGives504() async throws {
        let backend = try Self.backend(["stdio", "hang"], script: "raw_backend.py") { $0.timeout = .seconds(1) }
        try await LiveServer.with([:], backend: backend) { server in
            #expect(try await server.get("/ready").status == 200)
            let answer = try await server.post("/mcp/tool", json: #"{"tool":"x","payload":{}}"#)
            #expect(answer.status == 504)
            #expect(answer.text.contains("backend_timeout"))
            #expect(backend.pendingCalls == 0)
            #expect(try await server.metric(#"seqthink_errors_total{stage="mcp",reason="backend_timeout"}"#) == 1)
        }
    }

    /// A child that answers a call with JSON that is not a JSON-RPC response: 502 at once.
    @Test func childAnsweringGarbageGives502() async throws {
        let backend = try Self.backend(["stdio", "garbage"], script: "raw_backend.py")
        try await LiveServer.with([:], backend: backend) { server in
            var gateway = MCPTestClient(url: server.base + "/mcp")
            _ = try await gateway.initialize()
            let answer = try await gateway.call("x")
            #expect(answer.status == 502)
            #expect(backend.pendingCalls == 0)
        }
    }

    /// Shutdown: the child gets SIGTERM (and exits); one that ignores SIGTERM gets SIGKILL after
    /// the grace. Either way it is gone (reaped) when shutdown returns.
    @Test(arguments: [false, true])
    func shutdownEndsTheChild(ignoringSIGTERM: Bool) async throws {
        let commandLine = ignoringSIGTERM
            ? #"/bin/sh -c 'trap "" TERM; exec sleep 1000'"#
            : String(try BackendFixture.stdioCommand().dropFirst(6))
        var configuration = StdioBackend.Configuration(commandLine: commandLine)
        configuration.startupTimeout = .seconds(60)
        let backend = try StdioBackend(configuration: configuration)
        await backend.start()
        var pid: Int32?
        for _ in 0..<100 {
            pid = backend.childPID
            let ready = await backend.status() == .ready
            if pid != nil, ignoringSIGTERM || ready { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let child = try #require(pid)
        await backend.shutdown(grace: .seconds(1))
        #expect(kill(child, 0) == -1 && errno == ESRCH, "the child is still there")
        #expect(backend.childPID == nil)
    }
}
