/// Failures of the RSA wrappers. Verification never throws: a bad signature is `false`.
public enum RSAError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The PEM, DER or JWK members do not describe an RSA key OpenSSL accepts.
    case invalidKey
    /// A key of another type (EC, Ed25519, RSA-PSS) was supplied where RSA was required.
    case notRSA
    /// Key generation, signing or encoding failed inside OpenSSL.
    case operationFailed(String)

    public var description: String {
        switch self {
        case .invalidKey: "not a valid RSA key"
        case .notRSA: "the key is not an RSA key"
        case .operationFailed(let what): "RSA \(what) failed"
        }
    }
}
