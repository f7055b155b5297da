public import Crypto

/// Something a file key can be wrapped to (the public side).
public protocol AgeRecipient: Sendable {
    /// The stanzas that carry `fileKey` (16 bytes) to this recipient.
    func wrap(fileKey: SecureBytes) throws -> [AgeStanza]
    /// True when the stanza must be the only one in a header (scrypt).
    var requiresOnlyStanza: Bool { get }
}

extension AgeRecipient {
    public var requiresOnlyStanza: Bool { false }
}

/// Something that can unwrap a file key (the secret side).
public protocol AgeIdentity: Sendable {
    /// The 16-byte file key from the first stanza addressed to this identity, or nil when none
    /// is. Throws when a stanza of its type is malformed: the whole file is then rejected.
    func unwrap(stanzas: [AgeStanza]) throws -> SecureBytes?
}
