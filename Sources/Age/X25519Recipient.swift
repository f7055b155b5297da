public import Crypto

/// An age X25519 recipient, `age1…` (Bech32 of the 32-byte public key).
public struct X25519Recipient: AgeRecipient, Equatable {
    static let hrp = "age"
    static let label = Array("age-encryption.org/v1/X25519".utf8)
    /// Each wrap key is used once, so the stanza body is sealed with the all-zero nonce (spec).
    static let zeroNonce = [UInt8](repeating: 0, count: 12)

    /// HKDF-SHA-256(shared, salt: share || recipient public key, info: label), the key that
    /// wraps the file key; the salt is assembled on the stack rather than in a new array.
    static func wrapKey(shared: SecureBytes, share: [UInt8], publicKey: [UInt8]) throws -> SecureBytes {
        try withUnsafeTemporaryAllocation(byteCount: share.count + publicKey.count, alignment: 1) { salt in
            share.withUnsafeBytes { salt.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            publicKey.withUnsafeBytes { (salt.baseAddress! + share.count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            return try shared.withUnsafeBytes { ikm in
                try label.withUnsafeBytes { info in
                    try HKDFSHA256.derive(ikm: ikm, salt: UnsafeRawBufferPointer(salt), info: info, count: 32)
                }
            }
        }
    }

    /// The Curve25519 public key.
    public let publicKey: [UInt8]
    /// Set by `prepared()`: the key's multiples, for a recipient that many files are sealed to.
    private let table: X25519.PeerTable?

    /// Wraps a raw 32-byte public key.
    public init(publicKey: [UInt8]) throws {
        guard publicKey.count == X25519.keyLength else {
            throw AgeError(.invalidKey, "X25519 public key must be 32 bytes, not \(publicKey.count)")
        }
        self.publicKey = publicKey
        self.table = nil
    }

    private init(publicKey: [UInt8], table: X25519.PeerTable?) {
        self.publicKey = publicKey
        self.table = table
    }

    /// The same recipient with a precomputed table of its key (`X25519.PeerTable`, 30 KiB,
    /// about a millisecond to build): each later seal to it costs about 14 µs less. For
    /// recipients used again and again, such as a gateway's configured response recipients.
    /// A key with no Edwards25519 point keeps the ladder.
    public func prepared() -> X25519Recipient {
        guard table == nil else { return self }
        return X25519Recipient(publicKey: publicKey, table: X25519.PeerTable(peer: publicKey))
    }

    /// Whether `prepared()` built a table (false for a key on the twist, which keeps the ladder).
    public var isPrepared: Bool { table != nil }

    /// Recipients are the same when their keys are; a table is only a faster way to use one.
    public static func == (lhs: X25519Recipient, rhs: X25519Recipient) -> Bool {
        lhs.publicKey == rhs.publicKey
    }

    /// Parses `age1…`.
    public init(parsing text: String) throws {
        if text.hasPrefix("ssh-") || text.hasPrefix("ecdsa-") {
            throw AgeError(.unsupportedRecipientType, "unsupported recipient type: SSH keys are not supported")
        }
        let decoded: (hrp: String, data: [UInt8])
        do { decoded = try Bech32.decode(text) } catch {
            throw AgeError(.invalidKey, "malformed recipient \"\(text)\": \(error)")
        }
        guard decoded.hrp == Self.hrp else {
            if decoded.hrp.hasPrefix("age1") {
                throw AgeError(.unsupportedRecipientType, "unsupported recipient type \"\(decoded.hrp)\"")
            }
            throw AgeError(.invalidKey, "malformed recipient \"\(text)\": not an age1 key")
        }
        guard text == text.lowercased() else {
            throw AgeError(.invalidKey, "malformed recipient \"\(text)\": recipients are lowercase")
        }
        try self.init(publicKey: decoded.data)
    }

    /// The `age1…` string.
    public var encoded: String { Bech32.encode(hrp: Self.hrp, data: publicKey) }

    public func wrap(fileKey: SecureBytes) throws -> [AgeStanza] {
        [try wrap(fileKey: fileKey, ephemeralSecret: X25519.generateSecret())]
    }

    /// The stanza for `fileKey` with a caller-drawn ephemeral secret (32 fresh random bytes,
    /// used for this one stanza only).
    func wrap(fileKey: SecureBytes, ephemeralSecret ephemeral: SecureBytes) throws -> AgeStanza {
        let share = try X25519.publicKey(secret: ephemeral)
        let shared = try table.map { try X25519.sharedSecret(secret: ephemeral, peer: $0) }
            ?? X25519.sharedSecret(secret: ephemeral, peer: publicKey)
        let wrapKey = try Self.wrapKey(shared: shared, share: share, publicKey: publicKey)
        let body = try ChaChaPoly.sealSecret(fileKey, key: wrapKey, nonce: Self.zeroNonce)
        return AgeStanza(arguments: ["X25519", AgeBase64.encodeString(share)], body: body)
    }
}
