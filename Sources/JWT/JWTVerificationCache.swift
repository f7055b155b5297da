internal import Crypto
internal import Synchronization

/// A bounded cache of verified tokens, so a client that sends the same token on every
/// request pays for one RSA verification, not one per request.
///
/// Invariants:
/// - Keyed by `digest(token)` (the service passes SHA-256, so tokens are not kept in memory);
///   only tokens that passed every check are stored.
/// - A hit is used only while the JWKS still holds the very key object that verified the
///   token, under the same `kid`: a key removed or replaced in a refresh invalidates every
///   entry it verified, without any sweep.
/// - A hit re-checks `exp` against the clock (`nbf` and `iat` only become truer with time);
///   entries are dropped at `exp` and the store never holds more than `capacity` entries.
/// - One `Mutex`; nothing slow runs under it (the digest and the RSA work are outside).
public final class JWTVerificationCache: Sendable {
    private struct Entry {
        let claims: VerifiedClaims
        let key: RSAPublicKey
    }

    private let capacity: Int
    private let digest: @Sendable ([UInt8]) -> [UInt8]
    private let entries = Mutex<[[UInt8]: Entry]>([:])

    /// `digest` maps token bytes to the cache key; use a cryptographic hash (SHA-256).
    public init(capacity: Int = 10_000, digest: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.capacity = max(1, capacity)
        self.digest = digest
    }

    public var count: Int { entries.withLock { $0.count } }

    func key(for token: some StringProtocol) -> [UInt8] { digest(UTF8Bytes.array(token.utf8)) }

    /// The cached claims when the token is known, its key is still in `keys` and it has not
    /// expired (with `leeway`) at `now`.
    func lookup(_ cacheKey: [UInt8], keys: JWKSet, now: Double, leeway: Double) -> VerifiedClaims? {
        let entry = entries.withLock { $0[cacheKey] }
        guard let entry else { return nil }
        guard now < entry.claims.expiresAt + leeway,
              let current = keys.key(forID: entry.claims.keyID), current.key === entry.key
        else {
            entries.withLock { _ = $0.removeValue(forKey: cacheKey) }
            return nil
        }
        return entry.claims
    }

    func store(_ cacheKey: [UInt8], claims: VerifiedClaims, key: RSAPublicKey, now: Double) {
        entries.withLock { entries in
            if entries.count >= capacity {
                // Expired entries go first; if that frees nothing, an arbitrary eighth goes.
                entries = entries.filter { now < $0.value.claims.expiresAt }
                if entries.count >= capacity {
                    for key in entries.keys.prefix(max(1, capacity / 8)) { entries.removeValue(forKey: key) }
                }
            }
            entries[cacheKey] = Entry(claims: claims, key: key)
        }
    }

    /// Drops every entry.
    public func removeAll() { entries.withLock { $0.removeAll() } }
}
