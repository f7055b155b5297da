internal import Crypto

// Ownership: an AgeEncryptor owns its plaintext buffer and its PayloadStream; it writes to the
// caller's sink and never closes it. One thread at a time. Memory is constant: one 64 KiB
// plaintext chunk and one sealed chunk, whatever the input size.

/// Streaming age encryption: `write` plaintext any number of times, then `finish()`.
public final class AgeEncryptor {
    private let sink: any AgeByteSink
    private let armor: ArmorWriter?
    private let stream: PayloadStream
    private var plaintext: [UInt8]
    private var sealed: [UInt8]
    private var buffered = 0
    private var finished = false

    /// Writes the header and payload nonce to `sink` (armored when `armor`).
    public init(recipients: [any AgeRecipient], armor: Bool = false, to sink: any AgeByteSink) throws {
        let random = SealRandomness(recipients: recipients)
        let fileKey = random.fileKey, nonce = random.payloadNonce
        let header = try Self.header(recipients: recipients, fileKey: fileKey, ephemeralSecrets: random.ephemeralSecrets)
        stream = try PayloadStream(fileKey: fileKey, nonce: nonce)
        let writer = armor ? ArmorWriter(sink: sink) : nil
        self.armor = writer
        self.sink = writer ?? sink
        plaintext = [UInt8](repeating: 0, count: PayloadStream.chunkSize)
        sealed = [UInt8](repeating: 0, count: PayloadStream.sealedChunkSize)
        try self.sink.write(header + nonce)
    }

    /// The encoded header for `recipients` (stanzas, then the MAC under `fileKey`). Each
    /// `X25519Recipient` takes the next of `ephemeralSecrets` (drawn with the file key, see
    /// `SealRandomness`); other recipients draw their own randomness.
    static func header(recipients: [any AgeRecipient], fileKey: SecureBytes, ephemeralSecrets: [SecureBytes]) throws -> [UInt8] {
        guard !recipients.isEmpty else { throw AgeError(.invalidArgument, "no recipients") }
        if recipients.count > 1 && recipients.contains(where: { $0.requiresOnlyStanza }) {
            throw AgeError(.invalidArgument, "a passphrase recipient cannot be combined with other recipients")
        }
        var ephemerals = ephemeralSecrets[...]
        var stanzas: [AgeStanza] = []
        stanzas.reserveCapacity(recipients.count)
        for recipient in recipients {
            if let x25519 = recipient as? X25519Recipient, let ephemeral = ephemerals.popFirst() {
                stanzas.append(try x25519.wrap(fileKey: fileKey, ephemeralSecret: ephemeral))
            } else {
                stanzas += try recipient.wrap(fileKey: fileKey)
            }
        }
        return try AgeHeader.encode(stanzas, fileKey: fileKey)
    }

    /// Encrypts `bytes` (buffered up to one chunk).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "AgeEncryptor written after finish()")
        var offset = 0
        while offset < bytes.count {
            // A full buffer is sealed only once more data arrives: only then is it not last.
            if buffered == PayloadStream.chunkSize { try flush(last: false) }
            let n = min(bytes.count - offset, PayloadStream.chunkSize - buffered)
            plaintext.withUnsafeMutableBytes { dst in
                (dst.baseAddress! + buffered).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            }
            buffered += n
            offset += n
        }
    }

    /// Array form of `write(_:)`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Seals the final chunk (empty only when nothing was written) and ends the armor.
    public func finish() throws {
        precondition(!finished, "AgeEncryptor finished twice")
        try flush(last: true)
        finished = true
        try armor?.finish()
    }

    private func flush(last: Bool) throws {
        let count = buffered
        try plaintext.withUnsafeBytes { p in
            try sealed.withUnsafeMutableBytes { s in
                let out = UnsafeMutableRawBufferPointer(rebasing: s[0..<count + PayloadStream.tagSize])
                try stream.seal(UnsafeRawBufferPointer(rebasing: p[0..<count]), last: last, into: out)
                try sink.write(UnsafeRawBufferPointer(out))
            }
        }
        buffered = 0
    }
}
