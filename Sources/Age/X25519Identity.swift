public import Crypto

/// An age X25519 identity, `AGE-SECRET-KEY-1…` (Bech32 of the 32-byte secret scalar).
public struct X25519Identity: AgeIdentity {
    static let hrp = "age-secret-key-"

    private let secret: SecureBytes
    /// The matching recipient.
    public let recipient: X25519Recipient

    /// A new random identity.
    public static func generate() -> X25519Identity {
        // A fresh 32-byte scalar is always a valid X25519 secret.
        try! X25519Identity(secret: X25519.generateSecret())
    }

    /// Wraps a 32-byte secret scalar.
    public init(secret: SecureBytes) throws {
        guard secret.count == X25519.keyLength else {
            throw AgeError(.invalidKey, "X25519 secret key must be 32 bytes")
        }
        self.secret = secret
        recipient = try X25519Recipient(publicKey: X25519.publicKey(secret: secret))
    }

    /// Parses `AGE-SECRET-KEY-1…` (the error never repeats the key).
    public init(parsing text: String) throws {
        var decoded: (hrp: String, data: [UInt8])
        do { decoded = try Bech32.decode(text) } catch {
            throw AgeError(.invalidKey, "malformed secret key: \(error)")
        }
        // Best effort: the decoded scalar is copied into SecureBytes below, then wiped here.
        defer { decoded.data.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        guard decoded.hrp == Self.hrp else {
            if decoded.hrp.hasPrefix("age-secret-key-") || decoded.hrp.hasPrefix("age-plugin-") {
                throw AgeError(.unsupportedRecipientType, "unsupported recipient type \"\(decoded.hrp.uppercased())\"")
            }
            throw AgeError(.invalidKey, "malformed secret key: unknown type \"\(decoded.hrp)\"")
        }
        guard text == text.uppercased() else {
            throw AgeError(.invalidKey, "malformed secret key: identities are uppercase")
        }
        let bytes = SecureBytes(copying: decoded.data)
        try self.init(secret: bytes)
    }

    /// The `AGE-SECRET-KEY-1…` string (handle as a secret).
    public var encoded: String {
        secret.withUnsafeBytes { Bech32.encode(hrp: Self.hrp, data: Array($0), uppercase: true) }
    }

    public func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes? {
        for stanza in stanzas where stanza.type == "X25519" {
            guard stanza.arguments.count == 2 else { throw AgeError.header("X25519 stanza needs exactly one argument") }
            guard let share = AgeBase64.decode(stanza.arguments[1]), share.count == X25519.keyLength else {
                throw AgeError.header("X25519 stanza share is not 32 bytes of canonical base64")
            }
            // Checked before decrypting, against partitioning-oracle attacks (spec).
            guard stanza.body.count == 32 else { throw AgeError.header("X25519 stanza body is not 32 bytes") }
            let shared: SecureBytes
            do { shared = try X25519.sharedSecret(secret: secret, peer: share) } catch {
                throw AgeError.header("X25519 share is a low-order point")
            }
            let wrapKey = try X25519Recipient.wrapKey(shared: shared, share: share, publicKey: recipient.publicKey)
            if let fileKey = try? ChaChaPoly.openSecret(stanza.body, key: wrapKey, nonce: X25519Recipient.zeroNonce) {
                return fileKey
            }
        }
        return nil
    }
}
