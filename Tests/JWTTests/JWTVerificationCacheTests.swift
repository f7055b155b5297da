import JSON
import Crypto
import Foundation
import JWT
import Synchronization
import Testing

/// The verified-token cache: hits skip re-verification, but never outlive the key that
/// verified the token, the token's expiry, or the capacity.
struct JWTVerificationCacheTests {
    /// The tests key by the token bytes themselves; the service passes SHA-256.
    static func cache(capacity: Int = 100) -> JWTVerificationCache {
        JWTVerificationCache(capacity: capacity) { $0 }
    }

    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: TestFixtures.now))
        func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
    }

    static func token(_ key: RSAPrivateKey = TestFixtures.mainKey, kid: String = "main", exp: Double = 300, sub: String = "alice") -> String {
        try! JWTSigner(key: key, keyID: kid).sign(claims: ["sub": .string(sub), "exp": .number(JSONNumber(TestFixtures.now + exp))])
    }

    @Test func secondVerificationIsAHit() throws {
        let cache = Self.cache()
        let verifier = JWTVerifier(now: TestFixtures.clock)
        let token = Self.token()
        let first = try verifier.verify(token, keys: TestFixtures.keySet, cache: cache)
        let second = try verifier.verify(token, keys: TestFixtures.keySet, cache: cache)
        #expect(first == second)
        #expect(cache.count == 1)
    }

    @Test func refusedTokensAreNotCached() {
        let cache = Self.cache()
        let bad = Self.token(TestFixtures.otherKey)
        for _ in 0..<3 {
            #expect(throws: JWTError(.badSignature, "signature does not verify")) {
                try JWTVerifier(now: TestFixtures.clock).verify(bad, keys: TestFixtures.keySet, cache: cache)
            }
        }
        #expect(cache.count == 0)
    }

    @Test func entryDoesNotOutliveItsKeysRemovalOrReplacement() throws {
        let cache = Self.cache()
        let token = Self.token()
        _ = try JWTVerifier(now: TestFixtures.clock).verify(token, keys: TestFixtures.keySet, cache: cache)

        let rotated = JWKSet(keys: [JWK(keyID: "next", key: try TestFixtures.otherKey.publicKey)])
        #expect(throws: JWTError(.unknownKid, "no key matches the token's kid")) {
            try JWTVerifier(now: TestFixtures.clock).verify(token, keys: rotated, cache: cache)
        }
        let sameKidOtherKey = JWKSet(keys: [JWK(keyID: "main", key: try TestFixtures.otherKey.publicKey)])
        _ = try JWTVerifier(now: TestFixtures.clock).verify(token, keys: TestFixtures.keySet, cache: cache)
        #expect(throws: JWTError(.badSignature, "signature does not verify")) {
            try JWTVerifier(now: TestFixtures.clock).verify(token, keys: sameKidOtherKey, cache: cache)
        }
    }

    @Test func entryDoesNotOutliveTheTokensExpiry() throws {
        let clock = Clock()
        let verifier = JWTVerifier(policy: JWTPolicy(leewaySeconds: 10), now: clock.read)
        let cache = Self.cache()
        let token = Self.token(exp: 60)
        _ = try verifier.verify(token, keys: TestFixtures.keySet, cache: cache)
        clock.advance(65)
        _ = try verifier.verify(token, keys: TestFixtures.keySet, cache: cache)
        clock.advance(10)
        #expect(throws: JWTError(.expired, "token has expired")) {
            try verifier.verify(token, keys: TestFixtures.keySet, cache: cache)
        }
        #expect(cache.count == 0)
    }

    @Test func staysWithinCapacity() throws {
        let cache = Self.cache(capacity: 8)
        for index in 0..<40 {
            _ = try JWTVerifier(now: TestFixtures.clock).verify(Self.token(sub: "user-\(index)"), keys: TestFixtures.keySet, cache: cache)
            #expect(cache.count <= 8)
        }
    }

    @Test func policyStillAppliesToCachedTokens() throws {
        // The cache belongs to one verifier (one policy); a verifier with a stricter policy
        // sharing it would be a misuse, so each AuthGate keeps its own. Here: same policy,
        // and a token without the scope is refused before it can be cached.
        let verifier = JWTVerifier(policy: JWTPolicy(requiredScope: "mcp:call"))
        let cache = Self.cache()
        #expect(throws: JWTError(.insufficientScope, "token lacks the required scope")) {
            try verifier.verify(Self.token(), keys: TestFixtures.keySet, cache: cache)
        }
        #expect(cache.count == 0)
    }
}
