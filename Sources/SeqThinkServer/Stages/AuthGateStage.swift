import HTTP
import JWT

/// AuthGate: checks the `Authorization: Bearer` token (RS256, keys from the KACHING JWKS) and
/// the required scope. Off when `KACHING_JWKS_URL` is unset (`verifier == nil`): every request
/// passes with no principal.
///
/// Refusals follow RFC 6750 §3: 401 `invalid_token` with an `error_description` naming the class
/// of failure (never the token or a key), 403 `insufficient_scope` naming the required scope,
/// and 503 with `Retry-After` while no JWKS has ever been loaded (we cannot tell good from bad).
struct AuthGateStage: ExchangeStage {
    let name = StageName.auth
    let verifier: JWTVerifier?
    let keys: JWKSCache?
    /// Verified tokens (SHA-256 of the token → claims), or nil when the cache is off.
    let verified: JWTVerificationCache?
    let metrics: ServerMetrics

    func process(_ exchange: Exchange) async {
        guard let verifier, let keys else { return }
        do {
            let token = try JWTVerifier.bearerToken(fromAuthorization: exchange.request.headers.first(name: "Authorization"))
            let claims = try await verifier.verify(token, using: keys, verified: verified)
            exchange.principal = Principal(subject: claims.subject ?? "-", scopes: claims.scopes)
        } catch {
            metrics.policyDenied(reason: error.reason.rawValue)
            refuse(exchange, error, requiredScope: verifier.policy.requiredScope)
        }
    }

    private func refuse(_ exchange: Exchange, _ error: JWTError, requiredScope: String?) {
        switch error.reason {
        case .noKeys:
            exchange.fail(ErrorBody(status: 503, code: "auth_unavailable",
                                    message: "the signing keys of the auth service are not loaded yet"),
                          stage: name, reason: error.reason.rawValue, headers: ["Retry-After": "5"])
        case .insufficientScope:
            let scope = requiredScope ?? ""
            exchange.fail(ErrorBody(status: 403, code: "insufficient_scope",
                                    message: "the token lacks the required scope \(scope)"),
                          stage: name, reason: error.reason.rawValue,
                          headers: ["WWW-Authenticate": Self.challenge(error: "insufficient_scope",
                                                                       description: "the token lacks the required scope",
                                                                       scope: scope)])
        default:
            exchange.fail(ErrorBody(status: 401, code: "invalid_token", message: error.description),
                          stage: name, reason: error.reason.rawValue,
                          headers: ["WWW-Authenticate": Self.challenge(error: "invalid_token", description: error.description)])
        }
    }

    /// `Bearer realm="seqthink", error="…", error_description="…"[, scope="…"]`; quotes and
    /// backslashes are dropped from the values (RFC 6750 §3 forbids them there).
    static func challenge(error: String, description: String, scope: String? = nil) -> String {
        func clean(_ value: String) -> String {
            String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" })
        }
        var value = "Bearer realm=\"seqthink\", error=\"\(error)\", error_description=\"\(clean(description))\""
        if let scope { value += ", scope=\"\(clean(scope))\"" }
        return value
    }
}
