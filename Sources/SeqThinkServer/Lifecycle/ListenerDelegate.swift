import HTTP
import Pipeline
import Synchronization

/// The bridge from the event-loop threads into the pipeline.
///
/// `handle` runs on an event-loop thread and must not block: it classifies the request, and
/// offers the exchange to Ingress's channel without waiting. Only when the channel is full does
/// it start a task that waits up to OVERLOAD_WAIT_MS for room, then sheds with 503. The HTTP
/// server dispatches one request per connection at a time, so the number of such waiting tasks
/// is bounded by MAX_CONNECTIONS.
final class ListenerDelegate: HTTPServerDelegate {
    /// Ingress's channel of each pipeline shard; a request enters the shard of the event loop
    /// that read it (one shard when the stages run on Swift's pool).
    let ingresses: [BoundedChannel<Exchange>]
    let admissionWait: Duration
    let metrics: ServerMetrics
    let logger: Logger
    let accessLog: AccessLog
    /// Exchanges accepted and not yet answered (the drain waits for zero).
    let inflight: Atomic<Int> = Atomic(0)

    init(ingresses: [BoundedChannel<Exchange>], admissionWait: Duration,
         metrics: ServerMetrics, logger: Logger, accessLog: AccessLog) {
        precondition(!ingresses.isEmpty, "at least one pipeline shard")
        self.ingresses = ingresses
        self.admissionWait = admissionWait
        self.metrics = metrics
        self.logger = logger
        self.accessLog = accessLog
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let decision = RouteDecision.classify(method: request.method, path: request.path)
        let exchange = Exchange(request: request, responder: responder, decision: decision, admittedAt: .now)
        inflight.add(1, ordering: .relaxed)
        let ingress = ingresses[responder.loopIndex % ingresses.count]
        switch ingress.trySend(exchange) {
        case .enqueued:
            return
        case .closed:
            reject(exchange, .shuttingDown, reason: "shutting_down")
        case .full where decision == .direct(.health):
            // Liveness must not fail because the pipeline is busy: an orchestrator would kill a
            // healthy, loaded process. /health has nothing to compute, so the listener answers.
            exchange.finish(IngressStage.json(200, IngressStage.healthBody))
            exchange.responder.respond(exchange.outcome!)
            metrics.answeredDirectly(exchange)
            completed(exchange)
        case .full:
            Task {
                do {
                    try await ingress.send(exchange, timeout: admissionWait)
                } catch {
                    metrics.shed()
                    reject(exchange, .overloaded, reason: "overloaded")
                }
            }
        }
    }

    /// Answers without the pipeline (shed or shutting down), recording the outcome as Egress would.
    private func reject(_ exchange: Exchange, _ error: ErrorBody, reason: String) {
        exchange.fail(error, stage: .ingress, reason: reason, headers: ["Retry-After": "1"])
        exchange.responder.respond(exchange.outcome!)
        metrics.answeredDirectly(exchange)
        completed(exchange)
    }

    /// Called by Egress (and `reject`) once an exchange is answered.
    func completed(_ exchange: Exchange) {
        inflight.subtract(1, ordering: .relaxed)
    }

    var inflightCount: Int { inflight.load(ordering: .relaxed) }

    func observe(_ event: HTTPServerEvent) {
        switch event {
        case .opened:
            metrics.connectionAccepted()
        case .rejected(let remote):
            metrics.connectionAccepted()
            metrics.connectionRejected()
            logger.warning("connection rejected: MAX_CONNECTIONS reached", ["remote": .string(remote)])
        case .closed:
            break
        case .answered(let answer):
            let route = answer.path.map { RouteDecision.classify(method: answer.method ?? "", path: $0).route } ?? .other
            metrics.requestCompleted(route: route, status: answer.status, duration: answer.duration)
            metrics.stageError(.ingress, reason: answer.code)
            accessLog.record(requestID: answer.requestID, method: answer.method ?? "-", route: route,
                             status: answer.status, bytes: answer.bytes, duration: answer.duration,
                             remote: answer.remoteAddress, principal: nil, error: answer.code)
        }
    }
}
