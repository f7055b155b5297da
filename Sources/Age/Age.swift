internal import Crypto

/// In-memory age encryption and decryption, for messages that fit in memory (the gateway's
/// requests and responses). For files of any size use `AgeEncryptor` / `AgeDecryptor`.
public enum Age {
    /// Encrypts `plaintext` to every recipient; armored (PEM) when `armor`.
    public static func seal(_ plaintext: [UInt8], to recipients: [any AgeRecipient], armor: Bool = false) throws -> [UInt8] {
        let random = SealRandomness(recipients: recipients)
        let fileKey = random.fileKey, nonce = random.payloadNonce
        let header = try AgeEncryptor.header(recipients: recipients, fileKey: fileKey, ephemeralSecrets: random.ephemeralSecrets)
        let stream = try PayloadStream(fileKey: fileKey, nonce: nonce)
        let chunks = max(1, (plaintext.count + PayloadStream.chunkSize - 1) / PayloadStream.chunkSize)
        let total = header.count + nonce.count + plaintext.count + chunks * PayloadStream.tagSize
        let binary = try [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            var offset = 0
            for part in [header, nonce] {
                part.withUnsafeBytes { (raw.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                offset += part.count
            }
            try plaintext.withUnsafeBytes { p in
                for index in 0..<chunks {
                    let start = index * PayloadStream.chunkSize
                    let count = min(PayloadStream.chunkSize, p.count - start)
                    let dst = UnsafeMutableRawBufferPointer(rebasing: raw[offset..<offset + count + PayloadStream.tagSize])
                    try stream.seal(UnsafeRawBufferPointer(rebasing: p[start..<start + count]), last: index == chunks - 1, into: dst)
                    offset += count + PayloadStream.tagSize
                }
            }
            initialized = offset
        }
        return armor ? AgeArmor.encode(binary) : binary
    }

    /// Decrypts a binary or armored (detected by content) age file with the first identity
    /// that matches. Any failure to decrypt is the single `AgeError` of kind
    /// `.decryptionFailed`; a plaintext longer than `maxPlaintext` is `.plaintextTooLarge`,
    /// found from the ciphertext length before any key work.
    public static func open(_ ciphertext: [UInt8], with identities: [any AgeIdentity], maxPlaintext: Int = .max) throws -> [UInt8] {
        let isArmored = ciphertext.withUnsafeBytes { AgeArmor.looksArmored($0) }
        return try open(ciphertext, with: identities, maxPlaintext: maxPlaintext, armored: isArmored)
    }

    /// `open` with the armor decision made by the caller (the CCTV vectors say which).
    static func open(_ ciphertext: [UInt8], with identities: [any AgeIdentity], maxPlaintext: Int, armored: Bool) throws -> [UInt8] {
        let input = armored ? try AgeArmor.decode(ciphertext) : ciphertext
        return try input.withUnsafeBytes { bytes in
            guard let parsed = try AgeHeaderParser.parse(bytes) else { throw AgeError.header("truncated header") }
            let payloadStart = parsed.length + PayloadStream.nonceSize
            guard bytes.count >= payloadStart else { throw AgeError.header("payload nonce is missing or short") }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart...])
            // An upper bound on the plaintext (exact for a well-formed payload).
            let fullChunks = payload.count / PayloadStream.sealedChunkSize
            let rest = payload.count % PayloadStream.sealedChunkSize
            let bound = fullChunks * PayloadStream.chunkSize + max(0, rest - PayloadStream.tagSize)
            guard bound <= maxPlaintext else {
                throw AgeError(.plaintextTooLarge, "plaintext of up to \(bound) bytes exceeds the limit of \(maxPlaintext)")
            }
            let fileKey = try AgeDecryptor.unwrapFileKey(parsed, identities: identities)
            let stream = try AgeDecryptor.payloadStream(fileKey: fileKey, nonce: Array(bytes[parsed.length..<payloadStart]))
            return try [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { out, initialized in
                initialized = 0
                let raw = UnsafeMutableRawBufferPointer(out)
                var offset = 0
                while true {
                    let take = min(PayloadStream.sealedChunkSize, payload.count - offset)
                    let chunk = UnsafeRawBufferPointer(rebasing: payload[offset..<offset + take])
                    let (count, last) = try stream.open(chunk, into: UnsafeMutableRawBufferPointer(rebasing: raw[initialized...]))
                    initialized += count
                    offset += take
                    if last { break }
                }
                guard offset == payload.count else {
                    throw AgeError.payload("trailing data after the final chunk")
                }
            }
        }
    }
}
