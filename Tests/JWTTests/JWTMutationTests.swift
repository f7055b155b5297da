import TestSupport
@testable import JWT
import Testing

/// Property tests with a fixed seed: no mutation of a valid token is ever accepted, and no
/// input makes the parsers crash or hang.
struct JWTMutationTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}".utf8)

    @Test func noMutationOfAValidTokenIsAccepted() throws {
        let token = Array(JWTVerifierAttackTests.sign(JWTVerifierAttackTests.claims()).utf8)
        let verifier = JWTVerifier(policy: JWTVerifierAttackTests.policy)
        #expect(throws: Never.self) { try verifier.verify(String(decoding: token, as: UTF8.self), keys: TestFixtures.keySet) }
        var random = SplitMix64(seed: 20261203)
        var reasons: [JWTError.Reason: Int] = [:]
        for _ in 0..<1500 {
            var mutated = token
            switch random.next() % 4 {
            case 0: mutated[Int(random.next() % UInt64(mutated.count))] = Self.alphabet.randomElement(using: &random)!
            case 1: mutated.remove(at: Int(random.next() % UInt64(mutated.count)))
            case 2: mutated.insert(Self.alphabet.randomElement(using: &random)!, at: Int(random.next() % UInt64(mutated.count)))
            default: mutated = Array(mutated.prefix(Int(random.next() % UInt64(mutated.count))))
            }
            guard mutated != token else { continue }
            do {
                _ = try verifier.verify(String(decoding: mutated, as: UTF8.self), keys: TestFixtures.keySet)
                Issue.record("accepted a mutated token: \(String(decoding: mutated, as: UTF8.self))")
            } catch {
                reasons[error.reason, default: 0] += 1
            }
        }
        #expect(Set(reasons.keys).isSubset(of: [.malformed, .badSignature, .unsupportedAlgorithm, .unknownKid, .missingToken]))
    }

    @Test func parsersSurviveRandomInput() {
        var random = SplitMix64(seed: 7)
        let pieces = Array("{}[]\",:0123456789.eE+-truefalsenull\\u00 \t\n\u{7F}é😀ab".utf8)
        for length in 0..<2000 {
            let bytes = (0..<(length % 64)).map { _ in
                random.next() % 8 == 0 ? UInt8(truncatingIfNeeded: random.next()) : pieces.randomElement(using: &random)!
            }
            _ = try? JOSEJSON.parseObject(bytes)
            _ = Base64URL.decode(utf8: bytes)
            _ = try? CompactJWS(String(decoding: bytes, as: UTF8.self))
            _ = try? JWKSet(json: bytes)
        }
    }
}
