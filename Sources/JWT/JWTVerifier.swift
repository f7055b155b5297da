import JSON
public import Foundation
internal import Crypto

/// Verifies RS256 JWTs against a JWK Set and a `JWTPolicy`.
///
/// Order of checks: parse (size, segments, base64url, JSON, `crit`), algorithm (RS256 only,
/// so `none`, `HS256` keyed with the public key, and anything else never reach a key), key
/// lookup by `kid`, signature, and only then the claims of the now-authenticated payload.
/// A value type with no mutable state: safe to call from any number of threads at once.
public struct JWTVerifier: Sendable {
    public let policy: JWTPolicy
    private let now: @Sendable () -> Date

    /// `now` is the wall clock used for `exp`, `nbf` and `iat`; inject one in tests.
    public init(policy: JWTPolicy = JWTPolicy(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.policy = policy
        self.now = now
    }

    /// The token of an `Authorization: Bearer …` header value (RFC 6750 §2.1).
    public static func bearerToken(fromAuthorization header: String?) throws(JWTError) -> Substring {
        // Byte-wise: `String.count` would walk the whole token breaking it into Characters.
        let scheme = "bearer ".utf8
        guard let header, header.utf8.count > scheme.count,
              zip(header.utf8, scheme).allSatisfy({ byte, expected in
                  (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
              })
        else { throw JWTError(.missingToken, "no bearer token") }
        let afterScheme = header.utf8.index(header.utf8.startIndex, offsetBy: scheme.count)
        let token = header[afterScheme...].drop { $0 == " " }
        guard !token.isEmpty else { throw JWTError(.missingToken, "no bearer token") }
        return token
    }

    /// Verifies `token` against `keys`; `nil` keys (no JWKS ever loaded) is `no_keys`. With a
    /// `cache`, a token verified before (by a key still in `keys`, not yet expired) is accepted
    /// without another RSA verification.
    public func verify(_ token: some StringProtocol, keys: JWKSet?,
                       cache: JWTVerificationCache? = nil) throws(JWTError) -> VerifiedClaims {
        guard let keys, !keys.isEmpty else { throw JWTError(.noKeys, "no signing keys loaded") }
        guard let cache, !token.isEmpty, token.utf8.count <= policy.maximumTokenBytes else {
            return try verifyUncached(token, keys: keys).claims
        }
        let cacheKey = cache.key(for: token)
        let now = now().timeIntervalSince1970
        if let claims = cache.lookup(cacheKey, keys: keys, now: now, leeway: policy.leewaySeconds) { return claims }
        let (claims, key) = try verifyUncached(token, keys: keys)
        cache.store(cacheKey, claims: claims, key: key, now: now)
        return claims
    }

    private func verifyUncached(_ token: some StringProtocol, keys: JWKSet) throws(JWTError) -> (claims: VerifiedClaims, key: RSAPublicKey) {
        guard !token.isEmpty else { throw JWTError(.missingToken, "no bearer token") }
        let jws = try CompactJWS(token, maximumBytes: policy.maximumTokenBytes)
        guard jws.algorithm == "RS256" else {
            throw JWTError(.unsupportedAlgorithm, "only RS256 is accepted")
        }
        guard let jwk = keys.key(forID: jws.keyID) else {
            throw JWTError(.unknownKid, "no key matches the token's kid")
        }
        guard jwk.key.bitCount >= JWKSet.minimumBits,
              jwk.key.verifyPKCS1SHA256(signature: jws.signature, message: jws.signingInput)
        else { throw JWTError(.badSignature, "signature does not verify") }

        let claims: [String: JSONValue]
        do {
            claims = try JOSEJSON.parseObject(jws.payload)
        } catch {
            throw .malformed("claims are not a JSON object without duplicate members")
        }
        return (try check(claims, keyID: jwk.keyID), jwk.key)
    }

    /// Verifies `token` with the keys of `cache`; when the token names an unknown `kid`, asks
    /// the cache for a rate-limited refetch (key rotation) and tries once more.
    public func verify(_ token: some StringProtocol, using keyCache: JWKSCache,
                       verified: JWTVerificationCache? = nil) async throws(JWTError) -> VerifiedClaims {
        do {
            return try verify(token, keys: keyCache.keys, cache: verified)
        } catch where error.reason == .unknownKid {
            guard let refreshed = await keyCache.refreshForUnknownKeyID() else { throw error }
            return try verify(token, keys: refreshed, cache: verified)
        }
    }

    private func check(_ claims: [String: JSONValue], keyID: String?) throws(JWTError) -> VerifiedClaims {
        let now = now().timeIntervalSince1970
        let leeway = policy.leewaySeconds
        guard let expValue = claims["exp"] else { throw JWTError(.missingClaim, "exp is required") }
        guard let exp = expValue.numberValue else { throw .malformed("exp is not a number") }
        guard now < exp + leeway else { throw JWTError(.expired, "token has expired") }
        if let nbfValue = claims["nbf"] {
            guard let nbf = nbfValue.numberValue else { throw .malformed("nbf is not a number") }
            guard nbf <= now + leeway else { throw JWTError(.notYetValid, "token is not valid yet (nbf)") }
        }
        if let iatValue = claims["iat"] {
            guard let iat = iatValue.numberValue else { throw .malformed("iat is not a number") }
            guard iat <= now + leeway else { throw JWTError(.notYetValid, "token was issued in the future (iat)") }
        }
        if let subValue = claims["sub"], subValue.stringValue == nil { throw .malformed("sub is not a string") }
        let issuer = claims["iss"]?.stringValue
        if let expected = policy.issuer, issuer != expected {
            throw JWTError(.wrongIssuer, "issuer is not accepted")
        }
        if let expected = policy.audience {
            let audiences: [String] = switch claims["aud"] {
            case .string(let one): [one]
            case .array(let many): many.compactMap(\.stringValue)
            default: []
            }
            guard audiences.contains(expected) else { throw JWTError(.wrongAudience, "audience is not accepted") }
        }
        let scopes = Self.scopes(in: claims)
        if let required = policy.requiredScope, !scopes.contains(required) {
            throw JWTError(.insufficientScope, "token lacks the required scope")
        }
        return VerifiedClaims(subject: claims["sub"]?.stringValue, scopes: scopes, expiresAt: exp,
                              issuer: issuer, keyID: keyID, claims: claims)
    }

    /// Scopes from `scope` and `scp`, each either a space-separated string or an array of strings.
    static func scopes(in claims: [String: JSONValue]) -> [String] {
        var seen = Set<String>()
        var scopes: [String] = []
        for name in ["scope", "scp"] {
            let found: [String] = switch claims[name] {
            case .string(let text): text.split(separator: " ").map(String.init)
            case .array(let values): values.compactMap(\.stringValue)
            default: []
            }
            for scope in found where seen.insert(scope).inserted { scopes.append(scope) }
        }
        return scopes
    }
}
