public import Crypto

/// The passphrase recipient (`-> scrypt salt logN`). It must be the only stanza of a file.
public struct ScryptRecipient: AgeRecipient {
    static let label = Array("age-encryption.org/v1/scrypt".utf8)
    /// age's default: 2^18 (about a second, 256 MiB of memory).
    public static let defaultWorkFactor = 18

    private let passphrase: SecureBytes
    /// log2(N) of the scrypt work factor written into the stanza.
    public let workFactor: Int

    /// `workFactor` is log2(N), 1...30.
    public init(passphrase: SecureBytes, workFactor: Int = ScryptRecipient.defaultWorkFactor) throws {
        guard (1...Scrypt.maxLogN).contains(workFactor) else {
            throw AgeError(.invalidArgument, "scrypt work factor must be 1...\(Scrypt.maxLogN)")
        }
        guard passphrase.count > 0 else { throw AgeError(.invalidArgument, "empty passphrase") }
        self.passphrase = passphrase
        self.workFactor = workFactor
    }

    public var requiresOnlyStanza: Bool { true }

    public func wrap(fileKey: SecureBytes) throws -> [AgeStanza] {
        let salt = SecureRandom.bytes(count: 16)
        let key = try passphrase.withUnsafeBytes { pw in
            try (Self.label + salt).withUnsafeBytes { try Scrypt.derive(password: pw, salt: $0, logN: workFactor) }
        }
        let body = try ChaChaPoly.sealSecret(fileKey, key: key, nonce: [UInt8](repeating: 0, count: 12))
        return [AgeStanza(arguments: ["scrypt", AgeBase64.encodeString(salt), String(workFactor)], body: body)]
    }
}
