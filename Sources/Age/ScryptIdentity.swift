public import Crypto

/// The passphrase identity. Work factors above `maxWorkFactor` are refused before any work:
/// a hostile file could otherwise demand hours of CPU and gigabytes of memory.
public struct ScryptIdentity: AgeIdentity {
    private let passphrase: SecureBytes
    /// The largest log2(N) this identity will compute.
    public let maxWorkFactor: Int

    /// `maxWorkFactor` is the largest log2(N) accepted (default 18, as the issue asks; age's
    /// CLI uses 18 when encrypting).
    public init(passphrase: SecureBytes, maxWorkFactor: Int = 18) {
        self.passphrase = passphrase
        self.maxWorkFactor = min(max(maxWorkFactor, 1), Scrypt.maxLogN)
    }

    public func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
        for stanza in stanzas where stanza.type == "scrypt" {
            guard stanzas.count == 1 else { throw AgeError.header("an scrypt stanza must be the only stanza") }
            guard stanza.arguments.count == 3 else { throw AgeError.header("scrypt stanza needs exactly two arguments") }
            guard let salt = AgeBase64.decode(stanza.arguments[1]), salt.count == 16 else {
                throw AgeError.header("scrypt salt is not 16 bytes of canonical base64")
            }
            let factor = Array(stanza.arguments[2].utf8)
            guard let first = factor.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"),
                  factor.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  factor.count <= 2, let logN = Int(stanza.arguments[2])
            else { throw AgeError.header("scrypt work factor is not a plain decimal number") }
            guard logN <= maxWorkFactor else {
                throw AgeError.header("scrypt work factor 2^\(logN) is above the limit 2^\(maxWorkFactor)")
            }
            guard stanza.body.count == 32 else { throw AgeError.header("scrypt stanza body is not 32 bytes") }
            let key = try passphrase.withUnsafeBytes { pw in
                try (ScryptRecipient.label + salt).withUnsafeBytes { try Scrypt.derive(password: pw, salt: $0, logN: logN) }
            }
            if let fileKey = try? ChaChaPoly.openSecret(stanza.body, key: key, nonce: [UInt8](repeating: 0, count: 12)) {
                return fileKey
            }
            return nil
        }
        return nil
    }
}
