import Crypto
import Foundation
import Testing
import TestSupport

/// Every case of Wycheproof's RSASSA-PKCS1-v1_5 SHA-256 2048-bit suite through the verify
/// wrapper: valid ones verify, invalid ones do not; "acceptable" ones may go either way.
struct RSAWycheproofTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: Int
        let modulus: [UInt8]
        let exponent: [UInt8]
        let message: [UInt8]
        let signature: [UInt8]
        let result: String
        let flags: [String]
        var testDescription: String { "tcId \(id) \(result) \(flags.joined(separator: ","))" }
    }

    static func cases() throws -> [Case] {
        let url = try TestEnvironment.sharedTestdata("wycheproof/rsa_signature_2048_sha256_test.json")
        let suite = try TestFixtures.jsonObject(url)
        var cases: [Case] = []
        for group in suite["testGroups"] as! [[String: Any]] {
            let key = group["publicKey"] as! [String: Any]
            for test in group["tests"] as! [[String: Any]] {
                cases.append(Case(
                    id: test["tcId"] as! Int,
                    modulus: TestFixtures.hexBytes(key["modulus"] as! String),
                    exponent: TestFixtures.hexBytes(key["publicExponent"] as! String),
                    message: TestFixtures.hexBytes(test["msg"] as! String),
                    signature: TestFixtures.hexBytes(test["sig"] as! String),
                    result: test["result"] as! String,
                    flags: test["flags"] as! [String]))
            }
        }
        return cases
    }

    @Test func suiteHasEveryCase() throws {
        #expect(try Self.cases().count == 259)
    }

    @Test(arguments: try cases())
    func verifiesExactlyTheValidSignatures(_ test: Case) throws {
        let key = try RSAPublicKey(modulus: test.modulus, exponent: test.exponent)
        let verified = key.verifyPKCS1SHA256(signature: test.signature, message: test.message)
        switch test.result {
        case "valid": #expect(verified)
        default:
            // "acceptable" is only tcId 8 (DigestInfo without the NULL parameter): OpenSSL 3
            // compares the whole DER encoding, so it is refused, which is the stricter choice.
            #expect(!verified)
        }
    }

    @Test func loadsTheSuiteKeyFromPEM() throws {
        let url = try TestEnvironment.sharedTestdata("wycheproof/rsa_signature_2048_sha256_test.json")
        let group = (try TestFixtures.jsonObject(url)["testGroups"] as! [[String: Any]])[0]
        let key = try RSAPublicKey(pem: group["publicKeyPem"] as! String)
        #expect(key.bitCount == 2048)
        let first = (group["tests"] as! [[String: Any]])[0]
        #expect(key.verifyPKCS1SHA256(signature: TestFixtures.hexBytes(first["sig"] as! String),
                                      message: TestFixtures.hexBytes(first["msg"] as! String)))
    }
}

struct RSAKeyTests {
    @Test func signsAndVerifiesRoundTrip() throws {
        let key = TestFixtures.mainKey
        let signature = try key.signPKCS1SHA256(Array("hello".utf8))
        let publicKey = try key.publicKey
        #expect(publicKey.bitCount == 2048)
        #expect(publicKey.verifyPKCS1SHA256(signature: signature, message: Array("hello".utf8)))
        #expect(!publicKey.verifyPKCS1SHA256(signature: signature, message: Array("hellO".utf8)))
        #expect(!(try TestFixtures.otherKey.publicKey).verifyPKCS1SHA256(signature: signature, message: Array("hello".utf8)))
    }

    @Test func privateKeyRoundTripsThroughPKCS8PEM() throws {
        let pem = try TestFixtures.mainKey.pemPKCS8
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let reloaded = try RSAPrivateKey(pem: pem)
        #expect(try reloaded.publicKey.modulus == (try TestFixtures.mainKey.publicKey).modulus)
    }

    @Test func publicKeyRoundTripsThroughPEM() throws {
        let publicKey = try TestFixtures.mainKey.publicKey
        let reloaded = try RSAPublicKey(pem: publicKey.pem)
        #expect(reloaded.modulus == publicKey.modulus)
        #expect(reloaded.exponent == [0x01, 0x00, 0x01])
    }

    @Test(arguments: ["", "garbage", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"])
    func rejectsInvalidPEM(_ pem: String) {
        #expect(throws: RSAError.invalidKey) { try RSAPublicKey(pem: pem) }
        #expect(throws: RSAError.invalidKey) { try RSAPrivateKey(pem: pem) }
    }

    @Test func rejectsEvenOrEmptyModulus() {
        #expect(throws: RSAError.invalidKey) { try RSAPublicKey(modulus: [], exponent: [1, 0, 1]) }
        #expect(throws: RSAError.invalidKey) { try RSAPublicKey(modulus: [0xC0, 0x00], exponent: [1, 0, 1]) }
        #expect(throws: RSAError.invalidKey) { try RSAPublicKey(modulus: [UInt8](repeating: 0xFF, count: 4096), exponent: [3]) }
    }

    @Test func signatureOfWrongLengthIsFalseNotACrash() throws {
        let publicKey = try TestFixtures.mainKey.publicKey
        #expect(!publicKey.verifyPKCS1SHA256(signature: [UInt8](), message: [UInt8]()))
        #expect(!publicKey.verifyPKCS1SHA256(signature: [UInt8](repeating: 0xFF, count: 512), message: [UInt8]()))
    }
}

struct RSAVerifyContextReuseTests {
    /// Verification contexts are reused across calls: a refused signature must not leave one
    /// in a state that refuses the next good one (or accepts the next bad one), on any thread.
    @Test func verifiesCorrectlyAfterFailuresAndInParallel() async throws {
        let key = try TestFixtures.mainKey.publicKey
        let message = Array("reuse".utf8)
        let good = try TestFixtures.mainKey.signPKCS1SHA256(message)
        var flipped = good
        flipped[10] ^= 0x01
        let bad = flipped
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<25 {
                        #expect(!key.verifyPKCS1SHA256(signature: bad, message: message))
                        #expect(key.verifyPKCS1SHA256(signature: good, message: message))
                        #expect(!key.verifyPKCS1SHA256(signature: good, message: Array("other".utf8)))
                    }
                }
            }
        }
    }
}
