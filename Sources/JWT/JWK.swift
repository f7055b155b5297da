public import JSON
public import Crypto

/// One RSA signing key from a JWK Set, bound to RS256: this implementation never uses an RSA
/// key with any other algorithm, whatever a token's header says (RFC 8725 §3.1).
public struct JWK: Sendable {
    public let keyID: String?
    public let key: RSAPublicKey

    public init(keyID: String?, key: RSAPublicKey) {
        self.keyID = keyID
        self.key = key
    }

    /// Why a JWK Set member was not used.
    public enum SkipReason: String, Error, Sendable {
        case notAnObject = "not_an_object"
        case unsupportedKeyType = "unsupported_kty"
        case notForSignatures = "use_not_sig"
        case otherAlgorithm = "alg_not_rs256"
        case missingMembers = "missing_members"
        case invalidKey = "invalid_key"
        case tooSmall = "too_small"
        case duplicateKeyID = "duplicate_kid"
    }

    /// Builds a key from a parsed JWK member, or says why it is skipped (RFC 7517 §5: members
    /// that cannot be used are ignored, not fatal to the set).
    static func parse(_ value: JSONValue, minimumBits: Int) -> Result<JWK, SkipReason> {
        guard case .object(let members) = value else { return .failure(.notAnObject) }
        guard members["kty"]?.stringValue == "RSA" else {
            return .failure(members["kty"]?.stringValue == nil ? .missingMembers : .unsupportedKeyType)
        }
        if let use = members["use"], use.stringValue != "sig" { return .failure(.notForSignatures) }
        if let alg = members["alg"], alg.stringValue != "RS256" { return .failure(.otherAlgorithm) }
        if let ops = members["key_ops"] {
            guard let list = ops.arrayValue, list.contains(.string("verify")) else {
                return .failure(.notForSignatures)
            }
        }
        if let kid = members["kid"], kid.stringValue == nil { return .failure(.missingMembers) }
        guard let nText = members["n"]?.stringValue, let eText = members["e"]?.stringValue else {
            return .failure(.missingMembers)
        }
        guard let n = Base64URL.decode(nText), let e = Base64URL.decode(eText),
              let key = try? RSAPublicKey(modulus: n, exponent: e)
        else { return .failure(.invalidKey) }
        guard key.bitCount >= minimumBits else { return .failure(.tooSmall) }
        return .success(JWK(keyID: members["kid"]?.stringValue, key: key))
    }

    /// The public JWK: `kty`, `use`, `alg`, `kid`, `n`, `e`.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "kty": .string("RSA"), "use": .string("sig"), "alg": .string("RS256"),
            "n": .string(Base64URL.encode(key.modulus)), "e": .string(Base64URL.encode(key.exponent)),
        ]
        if let keyID { members["kid"] = .string(keyID) }
        return .object(sorting: members)
    }
}
