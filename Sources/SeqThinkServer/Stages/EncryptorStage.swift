import Foundation
import HTTP
import Pipeline
import MCP

/// Encryptor: turns the dispatcher's reply into the final response. When encryption is on
/// (`exchange.sealing` set by Decryptor) a reply with a body is sealed with age:
/// - JSON bodies become one age file, `Content-Type: application/age`, armored when the
///   request was; with `Seqthink-Accept-Encoding: lz4` the plaintext is an LZ4 frame first and
///   the response says `Seqthink-Encoding: lz4`.
/// - SSE bodies (Streamable HTTP) keep their framing; each event's data becomes the base64 of
///   one binary age ciphertext (Specs/wire-format.md).
/// - Gateway error bodies (`problem`s the dispatcher reported) and empty bodies (202) stay
///   plaintext, like every earlier stage's errors; a problem's message is withheld (it may
///   quote the decrypted request), its code stays.
/// A sealing failure is `seqthink_encrypt_failures_total` and a 500 that says nothing more.
struct EncryptorStage: ExchangeStage {
    let name = StageName.encrypt
    let metrics: ServerMetrics

    func process(_ exchange: Exchange) async {
        guard let sealing = exchange.sealing else {
            if let reply = exchange.reply { exchange.finish(reply) }
            return
        }
        // GET /mcp/sse: Egress opens the stream with this exchange's sealing.
        guard var reply = exchange.reply else { return }
        if let failure = exchange.failure, failure.stage == .mcp {
            // A gateway error from the MCP core stays plaintext JSON, but its message may quote
            // the decrypted body (a JSON parse error names a duplicate key): only the code goes out.
            reply.body = ErrorBody(status: reply.status, code: failure.reason, message: ErrorBody.withheldMessage)
                .json(requestID: exchange.request.requestID)
            exchange.finish(reply)
            return
        }
        guard !reply.body.isEmpty else {
            exchange.finish(reply)
            return
        }
        do {
            if let events = exchange.replyEvents {
                var body: [UInt8] = []
                for event in events { body += try sealing.seal(event).encoded() }
                reply.body = body
            } else {
                reply.body = try sealing.seal(reply.body, armor: sealing.armored)
                reply.headers.replaceOrAdd(name: "Content-Type", value: SecureHeaders.contentType)
            }
        } catch {
            metrics.encryptFailures.inc()
            exchange.reply = nil
            exchange.fail(.encryptFailed, stage: name, reason: "encrypt_failed")
            return
        }
        if sealing.lz4 { reply.headers.replaceOrAdd(name: SecureHeaders.encoding, value: "lz4") }
        exchange.finish(reply)
    }
}
