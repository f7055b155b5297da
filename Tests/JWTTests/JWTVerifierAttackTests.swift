import JSON
import Crypto
import Foundation
import JWT
import Testing

/// The issue's attack table, minted by this library's own signer (the PyJWT-minted table is in
/// `PyJWTInteropTests`). Each case names the exact reason the verifier must give.
struct JWTVerifierAttackTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let token: String
        let expected: JWTError.Reason?
        var testDescription: String { name }
    }

    static let policy = JWTPolicy(issuer: "kaching", audience: "seqthink", requiredScope: "mcp:call", leewaySeconds: 60)

    static func claims(_ changes: [String: JSONValue?] = [:]) -> [String: JSONValue] {
        let now = TestFixtures.now
        var claims: [String: JSONValue] = [
            "sub": .string("alice"), "iss": .string("kaching"), "aud": .string("seqthink"),
            "scope": .string("read mcp:call"), "iat": .number(JSONNumber(now.rounded())), "exp": .number(JSONNumber((now + 300).rounded())),
        ]
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    static func sign(_ claims: [String: JSONValue], header: [String: JSONValue] = [:],
                     signer: JWTSigner = TestFixtures.mainSigner) -> String {
        try! signer.sign(claims: claims, extraHeader: header)
    }

    static func unsigned(header: String, claims: [String: JSONValue], signature: [UInt8]) -> String {
        Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(JSONValue.object(sorting: claims).serialized.utf8))
            + "." + Base64URL.encode(signature)
    }

    static func cases() -> [Case] {
        let now = TestFixtures.now
        let valid = sign(claims())
        let parts = valid.split(separator: ".").map(String.init)
        let tamperedPayload = Base64URL.encode(Array(JSONValue.object(sorting: claims(["sub": .string("root")])).serialized.utf8))
        let attackerJWK = try! JWTSigner(key: TestFixtures.otherKey, keyID: "main").publicJWK.jsonValue
        return [
            Case(name: "valid", token: valid, expected: nil),
            Case(name: "scope as array", token: sign(claims(["scope": .array([.string("mcp:call")])])), expected: nil),
            Case(name: "scp as array", token: sign(claims(["scope": nil, "scp": .array([.string("mcp:call")])])), expected: nil),
            Case(name: "aud as array", token: sign(claims(["aud": .array([.string("other"), .string("seqthink")])])), expected: nil),
            Case(name: "expired within leeway", token: sign(claims(["exp": .number(JSONNumber(now - 30))])), expected: nil),
            Case(name: "jku/x5u/jwk ignored when signed by the real key",
                 token: sign(claims(), header: ["jku": .string("https://evil.example/jwks"), "x5u": .string("https://evil.example/x5u"), "jwk": attackerJWK]),
                 expected: nil),
            Case(name: "alg none", token: unsigned(header: #"{"alg":"none","kid":"main"}"#, claims: claims(), signature: []),
                 expected: .unsupportedAlgorithm),
            Case(name: "alg None", token: unsigned(header: #"{"alg":"None"}"#, claims: claims(), signature: []),
                 expected: .unsupportedAlgorithm),
            Case(name: "HS256", token: unsigned(header: #"{"alg":"HS256","kid":"main"}"#, claims: claims(), signature: [UInt8](repeating: 7, count: 32)),
                 expected: .unsupportedAlgorithm),
            Case(name: "RS512", token: unsigned(header: #"{"alg":"RS512","kid":"main"}"#, claims: claims(), signature: [UInt8](repeating: 7, count: 256)),
                 expected: .unsupportedAlgorithm),
            Case(name: "PS256", token: unsigned(header: #"{"alg":"PS256","kid":"main"}"#, claims: claims(), signature: [UInt8](repeating: 7, count: 256)),
                 expected: .unsupportedAlgorithm),
            Case(name: "1024-bit key published in the JWKS", token: sign(claims(), signer: JWTSigner(key: TestFixtures.smallKey, keyID: "small")),
                 expected: .unknownKid),
            Case(name: "1024-bit key with the real kid", token: sign(claims(), signer: JWTSigner(key: TestFixtures.smallKey, keyID: "main")),
                 expected: .badSignature),
            Case(name: "unknown kid", token: sign(claims(), signer: JWTSigner(key: TestFixtures.mainKey, keyID: "nope")), expected: .unknownKid),
            Case(name: "kid with a path", token: sign(claims(), signer: JWTSigner(key: TestFixtures.mainKey, keyID: "../../../../etc/passwd")),
                 expected: .unknownKid),
            Case(name: "kid with SQL", token: sign(claims(), signer: JWTSigner(key: TestFixtures.mainKey, keyID: "x' OR '1'='1")),
                 expected: .unknownKid),
            Case(name: "no kid with several keys", token: sign(claims(), signer: JWTSigner(key: TestFixtures.mainKey, keyID: nil)),
                 expected: nil),
            Case(name: "jku/x5u/jwk pointing at the attacker's key",
                 token: sign(claims(), header: ["jku": .string("https://evil.example/jwks"), "jwk": attackerJWK],
                             signer: JWTSigner(key: TestFixtures.otherKey, keyID: "main")),
                 expected: .badSignature),
            Case(name: "crit", token: sign(claims(), header: ["crit": .array([.string("exp")])]), expected: .malformed),
            Case(name: "kid not a string", token: sign(claims(), header: ["kid": .number(1)]), expected: .malformed),
            Case(name: "missing exp", token: sign(claims(["exp": nil])), expected: .missingClaim),
            Case(name: "exp a string", token: sign(claims(["exp": .string("tomorrow")])), expected: .malformed),
            Case(name: "expired", token: sign(claims(["exp": .number(JSONNumber(now - 120))])), expected: .expired),
            Case(name: "future nbf", token: sign(claims(["nbf": .number(JSONNumber(now + 600))])), expected: .notYetValid),
            Case(name: "future iat", token: sign(claims(["iat": .number(JSONNumber(now + 600))])), expected: .notYetValid),
            Case(name: "wrong iss", token: sign(claims(["iss": .string("evil")])), expected: .wrongIssuer),
            Case(name: "missing iss", token: sign(claims(["iss": nil])), expected: .wrongIssuer),
            Case(name: "wrong aud", token: sign(claims(["aud": .string("other")])), expected: .wrongAudience),
            Case(name: "missing scope", token: sign(claims(["scope": .string("read")])), expected: .insufficientScope),
            Case(name: "scope prefix only", token: sign(claims(["scope": .string("mcp:call:extra")])), expected: .insufficientScope),
            Case(name: "padded base64url", token: parts[0] + "=." + parts[1] + "." + parts[2], expected: .malformed),
            Case(name: "padded signature", token: valid + "==", expected: .malformed),
            Case(name: "standard base64 characters", token: parts[0] + "." + parts[1] + "." + parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "+/",
                 expected: .malformed),
            Case(name: "whitespace inside", token: parts[0] + " ." + parts[1] + "." + parts[2], expected: .malformed),
            Case(name: "four segments", token: valid + ".AAAA", expected: .malformed),
            Case(name: "two segments", token: parts[0] + "." + parts[1], expected: .malformed),
            Case(name: "100 KiB token", token: parts[0] + "." + String(repeating: "A", count: 100 * 1024) + "." + parts[2], expected: .malformed),
            Case(name: "tampered payload", token: parts[0] + "." + tamperedPayload + "." + parts[2], expected: .badSignature),
            Case(name: "signature of another key", token: sign(claims(), signer: JWTSigner(key: TestFixtures.otherKey, keyID: "main")),
                 expected: .badSignature),
            Case(name: "empty signature", token: parts[0] + "." + parts[1] + ".", expected: .badSignature),
            Case(name: "duplicate header member",
                 token: try! TestFixtures.mainSigner.sign(rawHeader: Array(#"{"alg":"RS256","kid":"main","alg":"none"}"#.utf8),
                                                          payload: Array(JSONValue.object(sorting: claims()).serialized.utf8)),
                 expected: .malformed),
            Case(name: "duplicate claim",
                 token: try! TestFixtures.mainSigner.sign(rawHeader: Array(#"{"alg":"RS256","kid":"main"}"#.utf8),
                                                          payload: Array(#"{"exp":4102444800,"iss":"kaching","aud":"seqthink","scope":"mcp:call","sub":"a","sub":"b"}"#.utf8)),
                 expected: .malformed),
            Case(name: "claims not JSON",
                 token: try! TestFixtures.mainSigner.sign(rawHeader: Array(#"{"alg":"RS256","kid":"main"}"#.utf8), payload: Array("hello".utf8)),
                 expected: .malformed),
            Case(name: "empty token", token: "", expected: .missingToken),
        ]
    }

    @Test(arguments: cases())
    func refusesEachAttackWithItsReason(_ test: Case) {
        // "no kid with several keys" is valid only with a one-key set; every other case uses
        // the fixture set (main plus a skipped 1024-bit key, so main is the only key).
        let verifier = JWTVerifier(policy: Self.policy, now: TestFixtures.clock)
        do {
            let claims = try verifier.verify(test.token, keys: TestFixtures.keySet)
            #expect(test.expected == nil, "accepted, expected \(test.expected?.rawValue ?? "")")
            #expect(claims.subject == "alice")
            #expect(claims.scopes.contains("mcp:call"))
        } catch {
            #expect(error.reason == test.expected, "\(error.description)")
            #expect(!error.description.contains(test.token.prefix(20)))
        }
    }

    @Test func skipsTheSmallKeyWhenParsingTheSet() {
        #expect(TestFixtures.keySet.keys.count == 1)
        #expect(TestFixtures.keySet.skipped == [.tooSmall])
    }

    @Test func tokenWithoutKidIsRefusedWhenSeveralKeysCouldMatch() throws {
        let two = JWKSet(keys: [try TestFixtures.mainSigner.publicJWK, JWK(keyID: "other", key: try TestFixtures.otherKey.publicKey)])
        let token = Self.sign(Self.claims(), signer: JWTSigner(key: TestFixtures.mainKey, keyID: nil))
        #expect(throws: JWTError(.unknownKid, "no key matches the token's kid")) {
            try JWTVerifier(policy: Self.policy, now: TestFixtures.clock).verify(token, keys: two)
        }
    }

    @Test func refusesEverythingWithoutKeys() {
        let token = Self.sign(Self.claims())
        #expect(throws: JWTError(.noKeys, "no signing keys loaded")) { try JWTVerifier(now: TestFixtures.clock).verify(token, keys: nil) }
        #expect(throws: JWTError(.noKeys, "no signing keys loaded")) { try JWTVerifier(now: TestFixtures.clock).verify(token, keys: JWKSet(keys: [])) }
    }

    @Test func policyWithoutIssuerAudienceOrScopeAcceptsAnySuch() throws {
        let token = Self.sign(Self.claims(["iss": nil, "aud": nil, "scope": nil]))
        let claims = try JWTVerifier(now: TestFixtures.clock).verify(token, keys: TestFixtures.keySet)
        #expect(claims.scopes.isEmpty)
        #expect(claims.keyID == "main")
    }

    @Test(arguments: [
        ("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer abc", "abc"), ("BEARER   abc", "abc"), ("bEaReR x", "x"),
    ])
    func extractsBearerTokens(_ header: String, _ token: String) throws {
        #expect(try JWTVerifier.bearerToken(fromAuthorization: header) == Substring(token))
    }

    @Test(arguments: [nil, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Bearer\u{0}abc",
                      "Bearer\tabc", "Bearerx abc", "Béarer abc", "B\u{e9}arer abc"] as [String?])
    func refusesMissingBearerTokens(_ header: String?) {
        #expect(throws: JWTError(.missingToken, "no bearer token")) { try JWTVerifier.bearerToken(fromAuthorization: header) }
    }
}
