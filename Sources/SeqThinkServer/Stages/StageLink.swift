import HTTP
import Pipeline

/// Wraps one `ExchangeStage` with its routing: an exchange it answered goes straight to Egress,
/// any other goes to the next stage's channel. The `await send` is the backpressure: a full
/// channel suspends this worker, which stops it draining its own input, and so back to Ingress.
///
/// Leaving Ingress is admission: if the next channel has no room within `admissionWait`, the
/// request is shed with 503 and `Retry-After` (`seqthink_shed_total`).
struct StageLink<S: ExchangeStage>: Stage {
    let stage: S
    let next: BoundedChannel<Exchange>?
    let egress: BoundedChannel<Exchange>
    /// Only for Ingress: how long to wait for room in the next channel before shedding.
    let admissionWait: Duration?
    let metrics: ServerMetrics

    func process(_ exchange: Exchange) async {
        await stage.process(exchange)
        guard let next, !exchange.isAnswered else {
            if stage.name != .egress { await forward(exchange, to: egress) }
            return
        }
        if let admissionWait {
            do {
                try await next.send(exchange, timeout: admissionWait)
            } catch {
                metrics.shed()
                exchange.fail(.overloaded, stage: stage.name, reason: "overloaded", headers: ["Retry-After": "1"])
                await forward(exchange, to: egress)
            }
            return
        }
        await forward(exchange, to: next)
    }

    /// Sends, and if the channel is closed (shutdown past its grace) answers directly so the
    /// client is never left without a response.
    private func forward(_ exchange: Exchange, to channel: BoundedChannel<Exchange>) async {
        do {
            try await channel.send(exchange)
        } catch {
            exchange.fail(.shuttingDown, stage: stage.name, reason: "shutting_down")
            exchange.responder.respond(exchange.outcome!)
            metrics.answeredDirectly(exchange)
        }
    }
}
