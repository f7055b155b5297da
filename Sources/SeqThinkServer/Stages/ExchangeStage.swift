/// The work of one pipeline stage on one exchange. The channel, worker and metrics plumbing
/// around it is written once (`StageLink`); a stage only transforms the exchange, and marks it
/// answered (`Exchange.fail` / `finish`) when the request ends here. The stage holding an
/// exchange owns it until it returns (see `Exchange`).
///
/// Stages are Sendable values whose state lives in actors or locks they own; `process` runs on
/// `STAGE_WORKERS` consumers at once, so CPU work (RSA, X25519, AEAD) uses every core.
public protocol ExchangeStage: Sendable {
    var name: StageName { get }
    func process(_ exchange: Exchange) async
}
