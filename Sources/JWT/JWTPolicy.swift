/// What a token must satisfy beyond its signature (RFC 7519 §4.1, RFC 8725 §3.8–3.9).
public struct JWTPolicy: Sendable {
    /// `iss` must equal this when set (`JWT_ISSUER`).
    public var issuer: String?
    /// `aud` (string or array) must contain this when set (`JWT_AUDIENCE`).
    public var audience: String?
    /// Must appear in `scope` (space-separated string or array) or `scp` when set (`REQUIRED_SCOPE`).
    public var requiredScope: String?
    /// Clock skew tolerated for `exp`, `nbf` and `iat`, in seconds (`JWT_LEEWAY_S`).
    public var leewaySeconds: Double
    /// The size cap of a whole token, in bytes.
    public var maximumTokenBytes: Int

    public init(issuer: String? = nil, audience: String? = nil, requiredScope: String? = nil,
                leewaySeconds: Double = 60, maximumTokenBytes: Int = CompactJWS.defaultMaximumBytes) {
        self.issuer = issuer
        self.audience = audience
        self.requiredScope = requiredScope
        self.leewaySeconds = leewaySeconds
        self.maximumTokenBytes = maximumTokenBytes
    }
}
