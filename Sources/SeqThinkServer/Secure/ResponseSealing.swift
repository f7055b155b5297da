import Age
import Crypto
import Foundation
import HTTP
import MCP

/// How one response (or one stream's events) is sealed: to whom, armored or not, and whether
/// the plaintext is an LZ4 frame first. Decided by Decryptor from the request headers, used by
/// Encryptor (whole bodies, Streamable-HTTP SSE) and by `LegacyStreamSink` (legacy SSE events).
struct ResponseSealing: Sendable {
    let recipients: [X25519Recipient]
    let armored: Bool
    let lz4: Bool

    /// One age ciphertext of `plaintext` (an LZ4 frame of it first when `lz4`).
    func seal(_ plaintext: [UInt8], armor: Bool) throws -> [UInt8] {
        let inner = lz4 ? try LZ4Frame.compress(plaintext) : plaintext
        return try Age.seal(inner, to: recipients, armor: armor)
    }

    /// Seals an event's data: `data:` becomes the standard base64 (with padding) of one binary
    /// age ciphertext of the JSON message. Event name and id stay as they are; comments
    /// (keep-alives) and the legacy `endpoint` event carry no message and are left plaintext.
    func seal(_ event: SSEEvent) throws -> SSEEvent {
        guard !event.isComment, event.event != "endpoint" else { return event }
        let ciphertext = try seal(event.data, armor: false)
        return SSEEvent(event: event.event, data: Array(Data(ciphertext).base64EncodedString().utf8))
    }
}

/// The request headers of the secure path (Specs/wire-format.md).
enum SecureHeaders {
    static let contentType = "application/age"
    static let encoding = "Seqthink-Encoding"
    static let acceptEncoding = "Seqthink-Accept-Encoding"
    static let recipient = "Age-Recipient"
    /// Recipients one request may name: each costs an X25519 operation when sealing.
    static let maxClientRecipients = 16

    /// The media type of `Content-Type` without parameters, lowercased.
    static func mediaType(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Content-Type") else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return HTTPHeaders.trimmingOWS(type).lowercased()
    }

    enum RecipientProblem: Error, Equatable { case invalid, tooMany }

    /// The `Age-Recipient` values (repeatable, or a comma list), or nil when there are none.
    /// Only X25519 recipients (`age1…`) are accepted.
    static func clientRecipients(_ headers: HTTPHeaders) throws(RecipientProblem) -> [X25519Recipient]? {
        let values = headers[recipient].flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { HTTPHeaders.trimmingOWS($0) }
        guard !values.isEmpty else { return nil }
        guard values.count <= maxClientRecipients else { throw .tooMany }
        var out: [X25519Recipient] = []
        for value in values {
            // Bech32 keys are ASCII; the parser only ever sees bounded, printable input.
            guard !value.isEmpty, value.utf8.count <= 128, let parsed = try? X25519Recipient(parsing: String(value)) else {
                throw .invalid
            }
            if !out.contains(parsed) { out.append(parsed) }
        }
        return out
    }
}
