/// Errors of the Age library.
///
/// Every failure to decrypt is the same public value, `kind == .decryptionFailed` with the
/// description "decryption failed": a caller (the gateway) cannot become an oracle that tells
/// a wrong key from a forged MAC or a corrupt chunk. Which step failed is kept in `reason`,
/// visible only inside this package (tests, and the CLI's messages to the key's owner).
public struct AgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, at the level a caller may act on.
    public enum Kind: Sendable, Equatable {
        /// Any failure to decrypt: armor, header, no matching identity, MAC, payload.
        case decryptionFailed
        /// A key string (age1…, AGE-SECRET-KEY-1…) is malformed.
        case invalidKey
        /// A key of a type this library does not implement (post-quantum, plugins, SSH).
        case unsupportedRecipientType
        /// An identity or recipients file is malformed (`line` says where).
        case invalidKeyFile
        /// The plaintext would exceed the caller's limit.
        case plaintextTooLarge
        /// A caller error: no recipients, a scrypt recipient mixed with others, bad options.
        case invalidArgument
        /// Reading or writing failed.
        case io
    }

    /// The step at which decryption failed; the CCTV vectors name the same categories.
    package enum Reason: Sendable, Equatable {
        case armor, header, noMatch, hmac, payload
    }

    public let kind: Kind
    /// 1-based line of a key file, when the error is about one.
    public let line: Int?
    /// Detail for every kind except `decryptionFailed`, where it stays package-private.
    package let detail: String
    package let reason: Reason?

    init(_ kind: Kind, _ detail: String, line: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.line = line
        self.reason = nil
    }

    private init(reason: Reason, detail: String) {
        kind = .decryptionFailed
        self.detail = detail
        line = nil
        self.reason = reason
    }

    static func armor(_ detail: String) -> AgeError { AgeError(reason: .armor, detail: detail) }
    static func header(_ detail: String) -> AgeError { AgeError(reason: .header, detail: detail) }
    static let noMatch = AgeError(reason: .noMatch, detail: "no identity matched any of the recipients")
    static let hmac = AgeError(reason: .hmac, detail: "header MAC does not verify")
    static func payload(_ detail: String) -> AgeError { AgeError(reason: .payload, detail: detail) }

    public var description: String {
        switch kind {
        case .decryptionFailed: return "decryption failed"
        default:
            if let line { return "line \(line): \(detail)" }
            return detail
        }
    }

    /// The full message for the owner of the keys (the CLI), naming the failed step.
    package var diagnostic: String {
        switch reason {
        case .armor: return "invalid armor: \(detail)"
        case .header: return "failed to read header: \(detail)"
        case .noMatch, .hmac: return detail
        case .payload: return "failed to decrypt payload: \(detail)"
        case nil: return description
        }
    }
}
