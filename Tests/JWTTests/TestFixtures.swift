import JSON
import Crypto
import Foundation
import JWT
import TestSupport

/// Keys and helpers shared by the JWT tests. Keys are generated once per test process.
enum TestFixtures {
    static let mainKey = try! RSAPrivateKey.generate(bits: 2048)
    static let otherKey = try! RSAPrivateKey.generate(bits: 2048)
    static let smallKey = try! RSAPrivateKey.generate(bits: 1024)

    static let mainSigner = JWTSigner(key: mainKey, keyID: "main")

    /// The set the verifier trusts: the main key. The 1024-bit key is published too, and must
    /// be skipped by the parser.
    static let keySet: JWKSet = {
        let small = JWK(keyID: "small", key: try! smallKey.publicKey)
        let document = JSONValue.object(["keys": .array([try! mainSigner.publicJWK.jsonValue, small.jsonValue])])
        return try! JWKSet(json: Array(document.serialized.utf8))
    }()

    static func hexBytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            out.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
        }
        return out
    }

    static func jsonObject(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// One instant for the whole run: tables of tokens are built when the run is planned and
    /// verified much later in a serial run, so the verifier must use the same clock.
    static let now: Double = Date().timeIntervalSince1970.rounded()
    /// The verifier's clock, fixed at `now`.
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: now) }
}

/// A failed test peer (a script or server that did not do its part).
struct PeerFailure: Error, CustomStringConvertible {
    let description: String
}
