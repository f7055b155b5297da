/// Why a token was refused. `reason` is one of a small fixed set, fit for a metric label
/// (`policy_denials_total{reason}`); `description` names the class of failure for a log line
/// or an RFC 6750 `error_description`, and never contains the token or any key material.
public struct JWTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The fixed set of refusal reasons; `rawValue` is the metric label.
    public enum Reason: String, CaseIterable, Sendable {
        case missingToken = "missing_token"
        case malformed
        case unsupportedAlgorithm = "unsupported_algorithm"
        case badSignature = "bad_signature"
        case unknownKid = "unknown_kid"
        case missingClaim = "missing_claim"
        case expired
        case notYetValid = "not_yet_valid"
        case wrongIssuer = "wrong_issuer"
        case wrongAudience = "wrong_audience"
        case insufficientScope = "insufficient_scope"
        case noKeys = "no_keys"
    }

    public let reason: Reason
    public let description: String

    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }

    /// The RFC 6750 §3.1 `error` code for a `WWW-Authenticate: Bearer` challenge.
    public var bearerErrorCode: String {
        reason == .insufficientScope ? "insufficient_scope" : "invalid_token"
    }

    static func malformed(_ description: String) -> JWTError { JWTError(.malformed, description) }
}
