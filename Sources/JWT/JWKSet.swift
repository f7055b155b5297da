public import JSON

/// A JWK Set (RFC 7517 §5) reduced to the RS256 keys this implementation can use.
///
/// Members with an unknown `kty`, a `use` other than `sig`, an `alg` other than RS256, missing
/// or invalid members, a modulus under `minimumBits`, or a repeated `kid` are skipped and
/// counted in `skipped`; the set is an error only when it is not JSON or has no `keys` array.
public struct JWKSet: Sendable {
    /// RSA keys below this size are skipped (RFC 7518 §3.3 requires at least 2048 bits).
    public static let minimumBits = 2048

    /// Why a document is not a JWK Set at all (members that cannot be used are only skipped).
    public enum ParseError: Error, Equatable, Sendable {
        case invalidJSON
        case notAKeySet
    }

    public let keys: [JWK]
    public let skipped: [JWK.SkipReason]
    private let byID: [String: JWK]

    public init(keys: [JWK], skipped: [JWK.SkipReason] = []) {
        var byID: [String: JWK] = [:]
        var kept: [JWK] = []
        var skipped = skipped
        for key in keys {
            if let kid = key.keyID {
                guard byID[kid] == nil else { skipped.append(.duplicateKeyID); continue }
                byID[kid] = key
            }
            kept.append(key)
        }
        self.keys = kept
        self.skipped = skipped
        self.byID = byID
    }

    /// Parses a JWK Set document.
    public init(json: [UInt8], minimumBits: Int = JWKSet.minimumBits) throws(ParseError) {
        let document: [String: JSONValue]
        do {
            document = try JOSEJSON.parseObject(json)
        } catch {
            throw .invalidJSON
        }
        guard let members = document["keys"]?.arrayValue else { throw .notAKeySet }
        var keys: [JWK] = []
        var skipped: [JWK.SkipReason] = []
        for member in members {
            switch JWK.parse(member, minimumBits: minimumBits) {
            case .success(let key): keys.append(key)
            case .failure(let reason): skipped.append(reason)
            }
        }
        self.init(keys: keys, skipped: skipped)
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// The key a token names. A token without `kid` may use the set's only key; with several
    /// keys it names none (trying each would multiply the cost of a forged token).
    public func key(forID kid: String?) -> JWK? {
        guard let kid else { return keys.count == 1 ? keys[0] : nil }
        return byID[kid]
    }

    /// The set as a JWKS document (`{"keys":[…]}`).
    public var jsonValue: JSONValue { .object(["keys": .array(keys.map(\.jsonValue))]) }
}
