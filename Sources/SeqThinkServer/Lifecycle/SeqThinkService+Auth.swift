import HTTP
import JWT

/// The pieces AuthGate needs when `KACHING_JWKS_URL` is set.
struct AuthComponents: Sendable {
    let verifier: JWTVerifier
    let keys: JWKSCache
}

extension SeqThinkService {
    /// Builds the verifier and the JWKS cache (fetched by `keys.run()`), or nil when auth is off.
    func makeAuth() -> AuthComponents? {
        let config = configuration
        guard let url = config.jwksURL else { return nil }
        let client = HTTPClient(configuration: HTTPClientConfiguration(
            maximumResponseBytes: 1 << 20, maximumConnectionsPerHost: 2, caFile: config.jwksCAFile))
        let body = HTTPClientBodyFetcher(url: url, client: client)
        let fetcher = JWKSClosureFetcher { timeout, maximumBytes in
            try await body.fetch(timeout: timeout, maximumBytes: maximumBytes)
        }
        let cache = JWKSCache(fetcher: fetcher, configuration: JWKSCacheConfiguration(
            timeToLive: .seconds(config.jwksTTLSeconds),
            minimumRefreshInterval: .seconds(config.jwksMinRefreshSeconds)))
        let policy = JWTPolicy(issuer: config.jwtIssuer, audience: config.jwtAudience,
                               requiredScope: config.requiredScope, leewaySeconds: Double(config.jwtLeewaySeconds))
        return AuthComponents(verifier: JWTVerifier(policy: policy), keys: cache)
    }
}
