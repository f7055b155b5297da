import Age
import Crypto
import HTTP
import Pipeline

/// Decryptor: opens age-encrypted request bodies when `AGE_IDENT_PATH` is set (CONTRACT.md
/// "Encryption", Specs/wire-format.md), and decides how the reply will be sealed.
///
/// - A POST to /mcp, /mcp/tool or /mcp/messages must be `Content-Type: application/age`, binary
///   or armored (told apart by content), else 415.
/// - Every failure to open the body is the same 400 `decrypt_failed` and
///   `seqthink_decrypt_failures_total`: the answer never says which step failed.
/// - `Seqthink-Encoding: lz4`: the plaintext is an LZ4 frame, inflated up to MAX_BODY_MB (413 past it).
/// - `Age-Recipient` (only with AGE_CLIENT_RECIPIENTS=allow) names the reply's recipients; it is
///   checked here, before the MCP call, so a bad one costs the caller nothing but a 400.
///
/// With no keys (plaintext mode) the stage does nothing. The work is plain nonisolated code, so
/// STAGE_WORKERS consumers decrypt in parallel.
struct DecryptorStage: ExchangeStage {
    let name = StageName.decrypt
    let keys: SecureKeys?
    let metrics: ServerMetrics
    /// MAX_BODY_MB in bytes: the cap on the plaintext and on LZ4 output.
    let maxPlaintext: Int

    func process(_ exchange: Exchange) async {
        guard let keys else { return }
        let headers = exchange.request.headers

        let responseRecipients: [X25519Recipient]
        do throws(SecureHeaders.RecipientProblem) {
            let named = try SecureHeaders.clientRecipients(headers)
            if named != nil, !keys.clientRecipientsAllowed {
                exchange.fail(.clientRecipientsNotAllowed, stage: name, reason: "age_recipient_not_allowed")
                return
            }
            responseRecipients = named ?? keys.responseRecipients
        } catch {
            exchange.fail(error == .tooMany ? .tooManyRecipients : .invalidRecipient, stage: name, reason: "invalid_age_recipient")
            return
        }
        guard !responseRecipients.isEmpty else {
            exchange.fail(.recipientRequired, stage: name, reason: "age_recipient_required")
            return
        }
        let accept = headers.tokens(name: SecureHeaders.acceptEncoding)
        let lz4Reply = accept.contains("lz4")

        // Bodiless requests (GET /mcp/sse, DELETE /mcp) have nothing to open; their replies
        // (and the legacy stream's events) are still sealed.
        guard exchange.request.method == "POST" else {
            exchange.sealing = ResponseSealing(recipients: responseRecipients, armored: false, lz4: lz4Reply)
            return
        }
        guard SecureHeaders.mediaType(headers) == SecureHeaders.contentType else {
            exchange.fail(.ageRequired, stage: name, reason: "unsupported_media_type", headers: ["Accept": SecureHeaders.contentType])
            return
        }
        let encodings = headers.tokens(name: SecureHeaders.encoding)
        guard encodings.allSatisfy({ $0 == "lz4" || $0 == "identity" }), encodings.filter({ $0 == "lz4" }).count <= 1 else {
            exchange.fail(.unsupportedEncoding, stage: name, reason: "unsupported_encoding")
            return
        }

        let body = exchange.requestPayload
        let armored = AgeArmor.isArmored(body)
        var plaintext: [UInt8]
        do {
            plaintext = try Age.open(body, with: keys.identities, maxPlaintext: maxPlaintext)
        } catch {
            // One answer for every cause: armor, header, no matching key, MAC, payload.
            metrics.decryptFailures.inc()
            exchange.fail(.decryptFailed, stage: name, reason: "decrypt_failed")
            return
        }
        if encodings.contains("lz4") {
            do {
                let inflated = try LZ4Frame.decompress(plaintext, maxOutput: maxPlaintext)
                Self.zero(&plaintext)
                plaintext = inflated
            } catch CryptoError.outputLimitExceeded {
                Self.zero(&plaintext)
                exchange.fail(.inflatedTooLarge(maxPlaintext), stage: name, reason: "payload_too_large")
                return
            } catch {
                Self.zero(&plaintext)
                exchange.fail(.badLZ4, stage: name, reason: "bad_encoding")
                return
            }
        }
        exchange.requestPayload = plaintext
        exchange.armored = armored
        exchange.sealing = ResponseSealing(recipients: responseRecipients, armored: armored, lz4: lz4Reply)
    }

    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            base.initializeMemory(as: UInt8.self, repeating: 0, count: raw.count)
        }
    }
}

extension ErrorBody {
    static let ageRequired = ErrorBody(status: 415, code: "unsupported_media_type",
                                       message: "request bodies must be Content-Type: application/age (binary or armored)")
    static let unsupportedEncoding = ErrorBody(status: 415, code: "unsupported_encoding",
                                               message: "Seqthink-Encoding may only be lz4")
    static let decryptFailed = ErrorBody(status: 400, code: "decrypt_failed", message: "the request body could not be decrypted")
    static func inflatedTooLarge(_ limit: Int) -> ErrorBody {
        ErrorBody(status: 413, code: "payload_too_large", message: "the decompressed body exceeds \(limit) bytes")
    }
    static let badLZ4 = ErrorBody(status: 400, code: "bad_encoding", message: "the decrypted body is not one valid LZ4 frame")
    static let invalidRecipient = ErrorBody(status: 400, code: "invalid_age_recipient",
                                            message: "Age-Recipient must be one or more X25519 recipients (age1…), comma-separated")
    static let tooManyRecipients = ErrorBody(status: 400, code: "invalid_age_recipient",
                                             message: "Age-Recipient names more than \(SecureHeaders.maxClientRecipients) recipients")
    static let clientRecipientsNotAllowed = ErrorBody(status: 400, code: "age_recipient_not_allowed",
                                                      message: "this gateway does not take Age-Recipient (AGE_CLIENT_RECIPIENTS=deny)")
    static let recipientRequired = ErrorBody(status: 400, code: "age_recipient_required",
                                             message: "this gateway has no default recipients: name them with Age-Recipient")
    static let withheldMessage = "the decrypted request was refused; details are withheld in encrypted mode"
    static let encryptFailed = ErrorBody(status: 500, code: "encrypt_failed", message: "internal error")
}
