import HTTP
import Pipeline

/// Ingress: classifies the request and answers the routes that need no pipeline (/health,
/// /ready, /metrics, /.well-known/age-recipient, unknown paths, wrong methods). Everything else
/// passes on to AuthGate; admission control (the OVERLOAD_WAIT_MS wait for room) lives in
/// `StageLink` so that it applies to every hop out of Ingress alike.
struct IngressStage: ExchangeStage {
    let name = StageName.ingress
    let readiness: Readiness
    let metrics: ServerMetrics
    /// The service's own recipients, one a line, when encryption is on.
    let ageRecipients: String?

    func process(_ exchange: Exchange) async {
        switch exchange.decision {
        case .pipeline:
            return
        case .notFound:
            exchange.fail(.notFound, stage: name, reason: "not_found")
        case .methodNotAllowed(let route):
            exchange.fail(.methodNotAllowed(route), stage: name, reason: "method_not_allowed",
                          headers: ["Allow": route.allowedMethods.joined(separator: ", ")])
        case .direct(let route):
            await answerDirect(route, exchange)
        }
    }

    private func answerDirect(_ route: Route, _ exchange: Exchange) async {
        switch route {
        case .health:
            exchange.finish(Self.json(200, Self.healthBody))
        case .ready:
            let (status, body) = readiness.body()
            var response = Self.json(status, body)
            if status == 503 { response.headers.add(name: "Retry-After", value: "5") }
            exchange.finish(response)
        case .metrics:
            let text = await metrics.render()
            exchange.finish(HTTPResponse(
                status: 200,
                headers: ["Content-Type": MetricsRegistry.contentType],
                body: Array(text.utf8)))
        case .ageRecipient:
            guard let ageRecipients else {
                exchange.fail(.encryptionDisabled, stage: name, reason: "encryption_disabled")
                return
            }
            exchange.finish(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"],
                                         body: Array(ageRecipients.utf8)))
        case .mcp, .mcpTool, .mcpSSE, .mcpMessages, .other:
            exchange.fail(.notFound, stage: name, reason: "not_found")
        }
    }

    static let healthBody = Array(#"{"status":"ok"}"#.utf8)

    static func json(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }
}
