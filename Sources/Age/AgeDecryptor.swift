internal import Crypto

// Ownership: an AgeDecryptor reads its source to the end of the payload and never closes it.
// Steps run in order: init (armor detection, header parse) -> unwrap (identities, MAC) ->
// decrypt (payload to a sink). Memory is constant: the header (<= 1 MiB), one sealed chunk and
// one plaintext chunk. Only authenticated plaintext is written to the sink, chunk by chunk;
// on a failure the sink may hold a verified prefix, and the caller must treat the whole output
// as failed (the CLI removes its output file).

/// Streaming age decryption.
public final class AgeDecryptor {
    /// How to treat ASCII armor.
    public enum ArmorMode: Sendable {
        /// Armored when the input starts (after optional whitespace) with `-----BEGIN`.
        case detect
        case armored
        case binary
    }

    private let source: any AgeByteSource
    private let parsed: AgeHeaderParser.Parsed
    private var stream: PayloadStream?

    /// Reads and parses the header. Throws a decryption failure (reason armor or header).
    public init(from source: any AgeByteSource, armor: ArmorMode = .detect) throws {
        var input = source
        var buffer: [UInt8] = []
        var step = 4096
        var armored = armor == .armored
        var parsed: AgeHeaderParser.Parsed?
        var ended = false
        var decided = armor != .detect
        while parsed == nil {
            let start = buffer.count
            buffer += [UInt8](repeating: 0, count: step)
            let n = try buffer.withUnsafeMutableBytes { try input.readFull(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            buffer.removeLast(step - n)
            ended = n < step
            if !decided {
                decided = true
                armored = buffer.withUnsafeBytes { AgeArmor.looksArmored($0) }
            }
            if armored && !(input is ArmorReader) {
                input = ArmorReader(source: PrefixedSource(prefix: buffer, rest: input))
                buffer = []
                continue
            }
            parsed = try buffer.withUnsafeBytes { try AgeHeaderParser.parse($0) }
            if parsed == nil {
                if ended { throw AgeError.header("truncated header") }
                if buffer.count >= AgeHeader.maxHeaderLength { throw AgeError.header("header too long") }
                step = min(step * 2, 256 * 1024)
            }
        }
        self.parsed = parsed!
        let rest = Array(buffer[self.parsed.length...])
        self.source = rest.isEmpty ? input : PrefixedSource(prefix: rest, rest: input)
    }

    /// The recipient types of the header's stanzas (to decide to ask for a passphrase).
    public var stanzaTypes: [String] { parsed.header.stanzas.map(\.type) }

    /// Finds the file key with `identities` and verifies the header MAC.
    public func unwrap(with identities: [any AgeIdentity]) throws {
        let fileKey = try Self.unwrapFileKey(parsed, identities: identities)
        var nonce = [UInt8](repeating: 0, count: PayloadStream.nonceSize)
        let n = try nonce.withUnsafeMutableBytes { try source.readFull(into: $0) }
        guard n == PayloadStream.nonceSize else { throw AgeError.header("payload nonce is missing or short") }
        stream = try Self.payloadStream(fileKey: fileKey, nonce: nonce)
    }

    /// A C library failure while deriving keys is still just "decryption failed" to callers.
    static func payloadStream(fileKey: SecureBytes, nonce: [UInt8]) throws -> PayloadStream {
        do { return try PayloadStream(fileKey: fileKey, nonce: nonce) } catch let error as CryptoError {
            throw AgeError.payload("key derivation failed: \(error)")
        }
    }

    /// Shared by the streaming and in-memory paths: identities in order, then the MAC.
    static func unwrapFileKey(_ parsed: AgeHeaderParser.Parsed, identities: [any AgeIdentity]) throws -> SecureBytes {
        let stanzas = parsed.header.stanzas
        if stanzas.count > 1 && stanzas.contains(where: { $0.type == "scrypt" }) {
            throw AgeError.header("an scrypt stanza must be the only stanza")
        }
        for identity in identities {
            let found: SecureBytes?
            do { found = try identity.unwrap(stanzas: stanzas) } catch let error as AgeError where error.kind == .decryptionFailed {
                throw error
            } catch {
                throw AgeError.header("identity failed: \(error)")
            }
            guard let fileKey = found else { continue }
            guard fileKey.count == 16 else { throw AgeError.header("file key is not 16 bytes") }
            let verified: Bool
            do { verified = try parsed.header.verifyMAC(macInput: parsed.macInput, fileKey: fileKey) } catch {
                throw AgeError.header("MAC key derivation failed: \(error)")
            }
            guard verified else { throw AgeError.hmac }
            return fileKey
        }
        throw AgeError.noMatch
    }

    /// Decrypts the payload into `sink`, one authenticated chunk at a time, and checks that
    /// nothing follows the final chunk. Input is read 16 sealed chunks (1 MiB) at a time: big
    /// reads cost fewer system calls, and a chunk is known to be short only at the input's end.
    public func decrypt(to sink: any AgeByteSink) throws {
        guard let stream else { preconditionFailure("AgeDecryptor.decrypt before unwrap") }
        let chunk = PayloadStream.sealedChunkSize
        var sealed = [UInt8](repeating: 0, count: 16 * chunk)
        var plain = [UInt8](repeating: 0, count: PayloadStream.chunkSize)
        var start = 0, end = 0, ended = false
        while true {
            if end - start < chunk && !ended {
                let kept = end - start
                try sealed.withUnsafeMutableBytes { buffer in
                    if start > 0 && kept > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: kept) }
                    let n = try source.readFull(into: UnsafeMutableRawBufferPointer(rebasing: buffer[kept...]))
                    ended = kept + n < buffer.count
                    end = kept + n
                }
                start = 0
            }
            let take = min(chunk, end - start)
            let (count, last) = try sealed.withUnsafeBytes { s in
                try plain.withUnsafeMutableBytes { try stream.open(UnsafeRawBufferPointer(rebasing: s[start..<start + take]), into: $0) }
            }
            start += take
            try plain.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            if last {
                var extra = end - start
                if extra == 0 && !ended {
                    var probe: UInt8 = 0
                    extra = try withUnsafeMutableBytes(of: &probe) { try source.read(into: $0) }
                }
                guard extra == 0 else { throw AgeError.payload("trailing data after the final chunk") }
                return
            }
        }
    }
}
