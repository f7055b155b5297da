import Foundation
import Pipeline
import TestSupport
import Testing

/// The rendered registry, every metric type included, passes `promtool check metrics`
/// (Debian package prometheus). Fails, never skips, when promtool is missing.
struct PromtoolTests {
    @Test func promtoolAcceptsEveryMetricType() async throws {
        let promtool = try TestEnvironment.tool("promtool", package: "prometheus")
        let registry = MetricsRegistry()
        registry.registerProcessMetrics()
        registry.counter("seqthink_requests_total", help: "Requests answered.", labelNames: ["route", "code"])
            .labels("/mcp", "200").inc()
        registry.counter("seqthink_shed_total", help: "Requests shed with 503.").inc(by: 2)
        registry.gauge("seqthink_build_info", help: "Build information.", labelNames: ["version"]).labels("0.1.0").set(1)
        registry.callback("seqthink_connections_open", help: "Open client connections.") { 3 }
        registry.histogram("seqthink_request_duration_seconds", help: "Request latency.", labelNames: ["route"])
            .labels("/health").observe(0.000_3)
        let queue = BoundedChannel<Int>(capacity: 8)
        _ = queue.trySend(1)
        let stage = registry.stageMetrics(stage: "ingress", queue: queue)
        stage.duration.observe(0.000_02)
        stage.queueWait.observe(0.000_001)
        stage.inflight.inc()
        registry.counter("seqthink_errors_total", help: "Errors by stage and reason.", labelNames: ["stage", "reason"])
            .labels("auth", "bad \"token\"\nline").inc()

        let text = await registry.render()
        let result = try await ProcessRunner.run(promtool, ["check", "metrics"], stdin: Data(text.utf8), timeout: 60)
        #expect(result.status == 0, "promtool: \(result.stdoutText) \(result.stderrText)\n\(text)")
        #expect(result.stdoutText.isEmpty && result.stderrText.isEmpty, "promtool lint: \(result.stdoutText) \(result.stderrText)")
    }
}
