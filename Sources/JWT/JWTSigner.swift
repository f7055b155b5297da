public import JSON
public import Crypto

/// Mints RS256 JWTs (development tokens, load tests, test fixtures).
public struct JWTSigner: Sendable {
    public let key: RSAPrivateKey
    public let keyID: String?

    public init(key: RSAPrivateKey, keyID: String?) {
        self.key = key
        self.keyID = keyID
    }

    /// A compact JWS over `claims` with header `{"alg":"RS256","kid":…,"typ":"JWT"}`;
    /// `extraHeader` members are added (tests use it for hostile headers).
    public func sign(claims: [String: JSONValue], extraHeader: [String: JSONValue] = [:]) throws(RSAError) -> String {
        var header: [String: JSONValue] = ["alg": .string("RS256"), "typ": .string("JWT")]
        if let keyID { header["kid"] = .string(keyID) }
        header.merge(extraHeader) { _, new in new }
        return try sign(rawHeader: Array(JSONValue.object(sorting: header).serialized.utf8),
                        payload: Array(JSONValue.object(sorting: claims).serialized.utf8))
    }

    /// A compact JWS over exact header and payload bytes, signed with RS256 whatever the
    /// header says.
    public func sign(rawHeader: [UInt8], payload: [UInt8]) throws(RSAError) -> String {
        let signingInput = Base64URL.encode(rawHeader) + "." + Base64URL.encode(payload)
        let signature = try key.signPKCS1SHA256(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// The public half of the key as a JWK.
    public var publicJWK: JWK {
        get throws(RSAError) { JWK(keyID: keyID, key: try key.publicKey) }
    }
}
