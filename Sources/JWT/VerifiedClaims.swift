public import JSON

/// The claims of a token whose signature and policy checks all passed.
public struct VerifiedClaims: Sendable, Equatable {
    /// `sub`, when present.
    public let subject: String?
    /// Every scope from `scope` (space-separated string or array) and `scp`, in order, unique.
    public let scopes: [String]
    /// `exp`, in seconds since 1970 (NumericDate).
    public let expiresAt: Double
    /// `iss`, when present.
    public let issuer: String?
    /// The `kid` of the key that verified the signature, when the token named one.
    public let keyID: String?
    /// Every claim, for callers that need more.
    public let claims: [String: JSONValue]
}
