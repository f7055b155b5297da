import Crypto
import HTTP
import JWT

/// The pieces AuthGate needs when `KACHING_JWKS_URL` is set.
struct AuthComponents: Sendable {
    let verifier: JWTVerifier
    let keys: JWKSCache
    /// Tokens verified before, by SHA-256 of the token (nil when `JWT_CACHE_ENTRIES` is 0).
    let verified: JWTVerificationCache?
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
        // Every fetch is logged: a failure while keys are loaded does not change readiness, so
        // this line is the only sign that the auth service is unreachable or serving junk.
        let logger = self.logger
        let cache = JWKSCache(fetcher: fetcher, configuration: JWKSCacheConfiguration(
            timeToLive: .seconds(config.jwksTTLSeconds),
            minimumRefreshInterval: .seconds(config.jwksMinRefreshSeconds))) { result in
            switch result {
            case .success(let keys, let skipped):
                logger.info("JWKS fetched", ["keys": .int(keys), "skipped": .int(skipped)])
            case .failure(let reason):
                logger.warning("JWKS fetch failed; the previous keys stay in use", ["error": .string(reason)])
            }
        }
        let policy = JWTPolicy(issuer: config.jwtIssuer, audience: config.jwtAudience,
                               requiredScope: config.requiredScope, leewaySeconds: Double(config.jwtLeewaySeconds))
        // A client sends the same token until it expires: the cache turns every request after
        // the first into a SHA-256 and a lookup instead of an RSA verification. An entry is used
        // only while the key that verified it is still in the JWKS, and never past `exp`.
        let verified = config.jwtCacheEntries > 0
            ? JWTVerificationCache(capacity: config.jwtCacheEntries, digest: { SHA256.hash($0) })
            : nil
        return AuthComponents(verifier: JWTVerifier(policy: policy), keys: cache, verified: verified)
    }
}
