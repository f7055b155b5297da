import JSON
import Crypto
import Foundation
import JWT
import Testing
import TestSupport

/// Published JOSE vectors: RFC 7520 §4.1 (RS256 over a text payload) and RFC 7515 A.2 (an
/// RS256 JWT that expired in 2011).
struct JOSEVectorTests {
    static func jwk(_ object: [String: Any]) throws -> RSAPublicKey {
        try RSAPublicKey(modulus: Base64URL.decode(object["n"] as! String)!,
                         exponent: Base64URL.decode(object["e"] as! String)!)
    }

    @Test func rfc7520Section4_1SignatureVerifies() throws {
        let vector = try TestFixtures.jsonObject(try TestEnvironment.sharedTestdata("jose/cookbook-4_1.rsa_v15_signature.json"))
        let input = vector["input"] as! [String: Any]
        let key = try Self.jwk(input["key"] as! [String: Any])
        let compact = (vector["output"] as! [String: Any])["compact"] as! String
        let jws = try CompactJWS(compact)
        #expect(jws.algorithm == "RS256")
        #expect(jws.keyID == "bilbo.baggins@hobbiton.example")
        #expect(String(decoding: jws.payload, as: UTF8.self) == input["payload"] as! String)
        #expect(key.bitCount == 2048)
        #expect(key.verifyPKCS1SHA256(signature: jws.signature, message: jws.signingInput))

        var tampered = jws.signingInput
        tampered[tampered.count - 1] ^= 1
        #expect(!key.verifyPKCS1SHA256(signature: jws.signature, message: tampered))
    }

    @Test func rfc7520PublicKeyParsesAsJWKSet() throws {
        let url = try TestEnvironment.sharedTestdata("jose/cookbook-3_3.rsa_public_key.json")
        let set = try JWKSet(json: Array("{\"keys\":[\(try String(contentsOf: url, encoding: .utf8))]}".utf8))
        #expect(set.keys.count == 1)
        #expect(set.key(forID: "bilbo.baggins@hobbiton.example") != nil)
    }

    static func rfc7515A2() throws -> (token: String, keys: JWKSet) {
        let vector = try TestFixtures.jsonObject(try TestEnvironment.sharedTestdata("jose/rfc7515-a2-rs256.json"))
        let key = try jwk(vector["jwk_public"] as! [String: Any])
        return (vector["compact"] as! String, JWKSet(keys: [JWK(keyID: nil, key: key)]))
    }

    @Test func rfc7515A2IsExpiredUnderTheRealClock() throws {
        let (token, keys) = try Self.rfc7515A2()
        #expect(throws: JWTError(.expired, "token has expired")) {
            try JWTVerifier().verify(token, keys: keys)
        }
    }

    @Test func rfc7515A2IsValidUnderA2011Clock() throws {
        let (token, keys) = try Self.rfc7515A2()
        let march2011 = Date(timeIntervalSince1970: 1_300_819_000)
        let claims = try JWTVerifier(now: { march2011 }).verify(token, keys: keys)
        #expect(claims.issuer == "joe")
        #expect(claims.expiresAt == 1_300_819_380)
        #expect(claims.claims["http://example.com/is_root"] == .bool(true))
    }
}
