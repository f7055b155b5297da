import HTTP
import Pipeline
import MCP

/// Egress: the one place that writes responses. It records the outcome (requests_total,
/// request_duration_seconds, errors_total) and the access line, then hands the response to
/// the connection's event loop. A GET /mcp/sse that passed its checks is opened here as a stream.
struct EgressStage: ExchangeStage {
    let name = StageName.egress
    let metrics: ServerMetrics
    let accessLog: AccessLog
    /// The MCP core, for GET /mcp/sse (nil when no MCP core is wired).
    let mcp: MCPServer?
    /// Told of every answered exchange (the drain counts what is still in flight).
    let completed: @Sendable (Exchange) -> Void

    func process(_ exchange: Exchange) async {
        let status: Int
        var bytes = 0
        if exchange.outcome == nil, exchange.opensLegacyStream, let mcp {
            await mcp.openLegacyStream(on: exchange.responder, principal: exchange.principal?.subject,
                                      sealing: exchange.sealing, sealFailed: { [metrics] in metrics.encryptFailures.inc() })
            status = 200
        } else {
            if exchange.outcome == nil {
                // A stage let an exchange through unanswered: a bug, but the client still gets an answer.
                exchange.fail(.internalError, stage: name, reason: "unanswered")
            }
            let response = exchange.outcome!
            exchange.responder.respond(response)
            status = response.status
            bytes = response.body.count
        }
        completed(exchange)
        let duration = ContinuousClock.now - exchange.admittedAt
        metrics.requestCompleted(route: exchange.route, status: status, duration: duration)
        if let failure = exchange.failure {
            metrics.stageError(failure.stage, reason: failure.reason)
        }
        accessLog.record(requestID: exchange.request.requestID, method: exchange.request.method,
                         route: exchange.route, status: status, bytes: bytes, duration: duration,
                         remote: exchange.request.remoteAddress, principal: exchange.principal,
                         error: exchange.failure?.reason)
    }
}
