import HTTP
import JWT
import Pipeline

/// The service's metrics (Specs/metrics.md is the catalogue), registered once at startup.
///
/// Recording is lock-free or one short lock per call (Counter/Histogram from Pipeline); nothing
/// on the hot path sends an actor message. The registry actor owns rendering for /metrics.
/// Label values come from closed sets (route names, stage names, status codes, reason codes),
/// so no client input can grow the number of series.
final class ServerMetrics: Sendable {
    let registry = MetricsRegistry()
    private let requests: CounterFamily
    private let requestDuration: HistogramFamily
    private let errors: CounterFamily
    private let policyDenials: CounterFamily
    private let shedCounter: Counter
    private let connections: Counter
    private let rejectedConnections: Counter
    let decryptFailures: Counter
    let encryptFailures: Counter
    /// Cached children of the hot families, so a request does no label lookup.
    private let durationByRoute: [Route: Histogram]

    init() {
        requests = registry.counter("seqthink_requests_total", help: "Requests answered, by route and HTTP status.",
                                    labelNames: ["route", "code"])
        requestDuration = registry.histogram("seqthink_request_duration_seconds",
                                             help: "Time from admission to the response being handed to the connection.",
                                             labelNames: ["route"])
        errors = registry.counter("seqthink_errors_total", help: "Requests that ended in an error, by stage and reason.",
                                  labelNames: ["stage", "reason"])
        policyDenials = registry.counter("seqthink_policy_denials_total",
                                         help: "Requests refused by AuthGate, by reason.", labelNames: ["reason"])
        shedCounter = registry.counter("seqthink_shed_total", help: "Requests answered 503 because the pipeline had no room.")
        connections = registry.counter("seqthink_connections_total", help: "Connections accepted (including those rejected at once).")
        rejectedConnections = registry.counter("seqthink_connections_rejected_total",
                                               help: "Connections closed at once because MAX_CONNECTIONS were open.")
        decryptFailures = registry.counter("seqthink_decrypt_failures_total", help: "Request bodies that could not be decrypted.")
        encryptFailures = registry.counter("seqthink_encrypt_failures_total", help: "Responses that could not be encrypted.")
        registry.callback("seqthink_build_info", help: "Build information; always 1.",
                          labels: ["version": BuildInfo.version]) { 1 }
        registry.registerProcessMetrics()
        var byRoute: [Route: Histogram] = [:]
        for route in Route.allCases { byRoute[route] = requestDuration.labels(route.label) }
        durationByRoute = byRoute
        // Every reason a denial can have is rendered from the start (at 0), so rate() works at once.
        for reason in JWTError.Reason.allCases { _ = policyDenials.labels(reason.rawValue) }
    }

    /// Per-stage histograms and the queue gauges that read `channels` at scrape time.
    /// A stage's metrics, fed by one channel per pipeline shard (call once per stage).
    func stageMetrics(_ stage: StageName, queues: [BoundedChannel<Exchange>]) -> StageMetrics {
        registry.stageMetrics(stage: stage.rawValue, queues: queues)
    }

    func registerGauges(openConnections: @escaping @Sendable () -> Int, backendUp: @escaping @Sendable () -> Bool,
                        jwks: (@Sendable () -> JWKSRefreshCounters)?) {
        registry.callback("seqthink_connections_open", help: "Connections open now.") { Double(openConnections()) }
        registry.callback("seqthink_mcp_backend_up", help: "1 when the MCP backend answers, else 0.") { backendUp() ? 1 : 0 }
        if let jwks {
            registry.callback("seqthink_jwks_refresh_total", help: "JWKS fetches, by result.", type: .counter,
                              labels: ["result": "success"]) { Double(jwks().success) }
            registry.callback("seqthink_jwks_refresh_total", help: "JWKS fetches, by result.", type: .counter,
                              labels: ["result": "error"]) { Double(jwks().error) }
        }
    }

    func requestCompleted(route: Route, status: Int, duration: Duration) {
        requests.labels(route.label, String(status)).inc()
        durationByRoute[route]?.observe(duration)
    }

    /// Records an exchange answered without Egress (shed at the listener, or a closed channel
    /// at shutdown) exactly as Egress records the others.
    func answeredDirectly(_ exchange: Exchange) {
        guard let outcome = exchange.outcome else { return }
        requestCompleted(route: exchange.route, status: outcome.status, duration: ContinuousClock.now - exchange.admittedAt)
        if let failure = exchange.failure { stageError(failure.stage, reason: failure.reason) }
    }

    func stageError(_ stage: StageName, reason: String) { errors.labels(stage.rawValue, reason).inc() }
    func policyDenied(reason: String) { policyDenials.labels(reason).inc() }
    func shed() { shedCounter.inc() }
    func connectionAccepted() { connections.inc() }
    func connectionRejected() { rejectedConnections.inc() }

    func render() async -> String { await registry.render() }
}
