import Foundation
import TestSupport

/// Loads a Wycheproof suite from ../shared/testdata/wycheproof (throws, so the test fails,
/// when it is missing) and flattens its groups into cases carrying the group parameters.
enum Wycheproof {
    struct Suite<Group: Decodable>: Decodable {
        let testGroups: [Group]
    }

    static func load<Group: Decodable>(_ file: String, as: Group.Type) throws -> [Group] {
        let url = try TestEnvironment.sharedTestdata("wycheproof/\(file)")
        return try JSONDecoder().decode(Suite<Group>.self, from: Data(contentsOf: url)).testGroups
    }

    struct AEADGroup: Decodable {
        let ivSize: Int
        let tests: [AEADCase]
    }

    struct AEADCase: Decodable, Sendable, CustomStringConvertible {
        let tcId: Int
        let comment: String
        let key, iv, aad, msg, ct, tag, result: String
        let flags: [String]
        var description: String { "tc\(tcId) \(comment) [\(result)]" }
    }

    struct XDHGroup: Decodable {
        let tests: [XDHCase]
    }

    struct XDHCase: Decodable, Sendable, CustomStringConvertible {
        let tcId: Int
        let comment: String
        let `public`, `private`, shared, result: String
        let flags: [String]
        var description: String { "tc\(tcId) \(comment) [\(result)]" }
    }

    struct HKDFGroup: Decodable {
        let tests: [HKDFCase]
    }

    struct HKDFCase: Decodable, Sendable, CustomStringConvertible {
        let tcId: Int
        let comment: String
        let ikm, salt, info, okm, result: String
        let size: Int
        var description: String { "tc\(tcId) \(comment) [\(result)]" }
    }

    struct MACGroup: Decodable {
        let tagSize: Int
        let tests: [MACCase]
    }

    struct MACCase: Decodable, Sendable, CustomStringConvertible {
        let tcId: Int
        let comment: String
        let key, msg, tag, result: String
        var tagSize = 256
        var description: String { "tc\(tcId) \(comment) [\(result)] tag \(tagSize) bits" }

        enum CodingKeys: String, CodingKey { case tcId, comment, key, msg, tag, result }
    }

    static func chachaCases() throws -> [AEADCase] {
        try load("chacha20_poly1305_test.json", as: AEADGroup.self).flatMap(\.tests)
    }

    static func x25519Cases() throws -> [XDHCase] {
        try load("x25519_test.json", as: XDHGroup.self).flatMap(\.tests)
    }

    static func hkdfCases() throws -> [HKDFCase] {
        try load("hkdf_sha256_test.json", as: HKDFGroup.self).flatMap(\.tests)
    }

    static func hmacCases() throws -> [MACCase] {
        try load("hmac_sha256_test.json", as: MACGroup.self).flatMap { group in
            group.tests.map { var c = $0; c.tagSize = group.tagSize; return c }
        }
    }
}
