import Foundation
import HTTP
import Testing
import TestSupport

@Suite(.serialized) struct MetricsEndpointTests {
    /// After some traffic /metrics carries every family of the catalogue, counts the requests
    /// by route and code (including one the HTTP layer refused itself), shows time spent in
    /// each stage, and passes `promtool check metrics`.
    @Test func exposesTheCatalogueAndPassesPromtool() async throws {
        let promtool = try TestEnvironment.tool("promtool", package: "prometheus")
        try await LiveServer.with(["ACCESS_LOG": "false"]) { server in
            _ = try await server.get("/health")
            _ = try await server.post("/mcp/tool", json: """
                {"tool":"sequentialthinking","payload":{"thought":"x","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}
                """)
            _ = try await server.get("/nope")
            let malformed = try await RawClient.exchange(port: server.port, "GET /health HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n")
            #expect(malformed.status == 400)

            let response = try await server.get("/metrics")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let text = response.text

            for family in [
                "seqthink_requests_total", "seqthink_request_duration_seconds", "seqthink_errors_total",
                "seqthink_policy_denials_total", "seqthink_shed_total", "seqthink_connections_total",
                "seqthink_connections_open", "seqthink_decrypt_failures_total", "seqthink_encrypt_failures_total",
                "seqthink_stage_duration_seconds", "seqthink_stage_queue_wait_seconds", "seqthink_stage_queue_depth",
                "seqthink_stage_queue_capacity", "seqthink_stage_inflight", "seqthink_mcp_backend_up",
                "seqthink_build_info", "process_cpu_seconds_total", "process_resident_memory_bytes",
                "process_open_fds", "process_start_time_seconds",
            ] {
                #expect(text.contains("# TYPE \(family) "), "missing \(family)")
            }
            #expect(text.contains(#"seqthink_requests_total{route="/health",code="200"} 1"#))
            #expect(text.contains(#"seqthink_requests_total{route="/mcp/tool",code="200"} 1"#))
            #expect(text.contains(#"seqthink_requests_total{route="other",code="404"} 1"#))
            #expect(text.contains(#"seqthink_requests_total{route="/health",code="400"} 1"#))
            #expect(text.contains(#"seqthink_build_info{version="#))
            // The tool call passed every stage: each has a count of at least one observation.
            for stage in ["ingress", "auth", "decrypt", "mcp", "encrypt", "egress"] {
                let line = text.split(separator: "\n").first { $0.hasPrefix("seqthink_stage_duration_seconds_count{stage=\"\(stage)\"}") }
                let count = line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                #expect(count >= 1, "no observation for stage \(stage)")
            }
            // Two event loops, one pipeline each (STAGE_EXECUTOR=loops): the gauge sums both channels.
            #expect(text.contains(#"seqthink_stage_queue_capacity{stage="mcp"} 128"#))

            let directory = try TestEnvironment.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("metrics.txt")
            try response.body.withUnsafeBytes { try Data($0).write(to: file) }
            let check = try await ProcessRunner.run("/bin/sh", ["-c", "\(promtool) check metrics < \(file.path)"])
            #expect(check.status == 0, "promtool: \(check.stdoutText)\(check.stderrText)")
            #expect(check.stdoutText.isEmpty && check.stderrText.isEmpty, "promtool lint: \(check.stdoutText)\(check.stderrText)")
        }
    }

    /// Both places the stages can run serve the same traffic through all six stages: one
    /// pipeline per event loop on its thread (loops), or one pipeline on Swift's pool (pool).
    /// Many connections, so that both loops (and so both loop pipelines) get requests.
    @Test(arguments: [("loops", 3), ("pool", 1)])
    func bothStageExecutorsServeThroughEveryStage(executor: String, shards: Int) async throws {
        try await LiveServer.with(["ACCESS_LOG": "false", "EVENT_LOOPS": "3", "STAGE_EXECUTOR": executor]) { server in
            let calls = 24
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<calls {
                    group.addTask {
                        let body = """
                            {"tool":"sequentialthinking","payload":{"thought":"t\(index)","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}
                            """
                        let request = "POST /mcp/tool HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n" +
                            "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                        return try await RawClient.exchange(port: server.port, request).status
                    }
                }
                for try await status in group { #expect(status == 200) }
            }
            let text = try await server.get("/metrics").text
            for stage in ["ingress", "auth", "decrypt", "mcp", "encrypt", "egress"] {
                let line = text.split(separator: "\n").first { $0.hasPrefix("seqthink_stage_duration_seconds_count{stage=\"\(stage)\"}") }
                let count = line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                #expect(count >= Double(calls), "stage \(stage) saw \(count) of \(calls) calls")
            }
            #expect(text.contains("seqthink_stage_queue_capacity{stage=\"mcp\"} \(64 * shards)"))
            #expect(text.contains(#"seqthink_requests_total{route="/mcp/tool",code="200"} 24"#))
        }
    }
}
