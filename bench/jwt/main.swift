// CPU per RS256 verification in seqthink's JWT library, with and without
// JWTVerificationCache (a hit: SHA-256 of the token, one Mutex, one dictionary probe, the
// key-identity and exp checks), and the parts of a full verification. Built by run.sh against
// the release build's JWT and Crypto objects.
import Crypto
import Foundation
import Glibc
import JSON
import JWT

func cpuNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Best of `rounds` runs of `iterations` calls: CPU microseconds per call.
func measure(_ name: String, iterations: Int, rounds: Int = 5, _ body: () throws -> Void) rethrows {
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = cpuNanos()
        for _ in 0..<iterations { try body() }
        best = min(best, Double(cpuNanos() - start) / Double(iterations) / 1000)
    }
    print("| \(name) | \(String(format: "%.2f", best)) |")
}

let key = try RSAPrivateKey.generate(bits: 2048)
let signer = JWTSigner(key: key, keyID: "bench")
let now = Date().timeIntervalSince1970
let token = try signer.sign(claims: [
    "sub": .string("bench"), "scope": .string("mcp"), "iat": .number(JSONNumber(now.rounded())),
    "exp": .number(JSONNumber((now + 3600).rounded())),
])
let keys = JWKSet(keys: [try signer.publicJWK])
let verifier = JWTVerifier()
let cache = JWTVerificationCache(digest: { SHA256.hash($0) })
_ = try verifier.verify(token, keys: keys, cache: cache)

print("token: \(token.utf8.count) bytes")
print("")
print("| operation | CPU µs/op (best of 5) |")
print("|---|---:|")
try measure("verify, no cache (parse + RSA-2048 verify + claims)", iterations: 5_000) { _ = try verifier.verify(token, keys: keys) }
try measure("verify, JWTVerificationCache hit", iterations: 200_000) { _ = try verifier.verify(token, keys: keys, cache: cache) }
// The service hands the verifier a Substring (the Authorization header after "Bearer ").
let header = "Bearer " + token
let bearer = try JWTVerifier.bearerToken(fromAuthorization: header)
try measure("verify, no cache, Substring token (as the service calls it)", iterations: 5_000) { _ = try verifier.verify(bearer, keys: keys) }
try measure("verify, cache hit, Substring token", iterations: 200_000) { _ = try verifier.verify(bearer, keys: keys, cache: cache) }
try measure("CompactJWS parse (segments, base64url, header JSON)", iterations: 200_000) { _ = try CompactJWS(bearer) }
let jws = try CompactJWS(token)
let jwk = keys.key(forID: "bench")!
measure("RSA-2048 PKCS#1 SHA-256 verify alone (digest + verify)", iterations: 5_000) {
    _ = jwk.key.verifyPKCS1SHA256(signature: jws.signature, message: jws.signingInput)
}
measure("SHA-256 of the token (the cache key)", iterations: 200_000) { _ = SHA256.hash(Array(token.utf8)) }
