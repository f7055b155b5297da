internal import Crypto

// The STREAM payload (spec "Payload"): a 16-byte nonce, then 64 KiB plaintext chunks, each
// sealed with ChaCha20-Poly1305 under HKDF(file key, nonce, "payload") and the 12-byte nonce
// counter(11 bytes, big endian) || last-flag. One PayloadStream is used by one thread.

/// Seals and opens the chunks of one file's payload, in order.
final class PayloadStream {
    static let chunkSize = 64 * 1024
    static let tagSize = 16
    static let sealedChunkSize = chunkSize + tagSize
    static let nonceSize = 16
    static let label = Array("payload".utf8)

    private let cipher: ChaChaPolyCipher
    private var nonce = [UInt8](repeating: 0, count: 12)
    private var counter: UInt64 = 0
    /// Set once a chunk flagged last has been opened or sealed.
    private(set) var finished = false

    init(fileKey: SecureBytes, nonce payloadNonce: [UInt8]) throws {
        let key = try HKDFSHA256.derive(ikm: fileKey, salt: payloadNonce, info: Self.label, count: 32)
        cipher = try ChaChaPolyCipher(key: key)
    }

    private func setNonce(last: Bool) {
        var c = counter
        for i in stride(from: 10, through: 3, by: -1) { nonce[i] = UInt8(truncatingIfNeeded: c); c >>= 8 }
        nonce[11] = last ? 1 : 0
    }

    /// Seals the next chunk (`plaintext.count <= chunkSize`) into `output` (`+ 16` bytes).
    func seal(_ plaintext: UnsafeRawBufferPointer, last: Bool, into output: UnsafeMutableRawBufferPointer) throws {
        precondition(!finished && plaintext.count <= Self.chunkSize, "STREAM misuse")
        setNonce(last: last)
        try nonce.withUnsafeBytes { try cipher.seal(plaintext, nonce: $0, into: output) }
        counter += 1
        finished = last
    }

    /// Opens the next sealed chunk. `sealed` is what the reader got when asking for a whole
    /// sealed chunk: shorter means the input ended, so this must be the last chunk. A full
    /// chunk is tried as non-final first, then as final (a full-length last chunk).
    /// Returns the plaintext length written into `output` and whether the chunk was last.
    func open(_ sealed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> (count: Int, last: Bool) {
        precondition(!finished, "STREAM read past the final chunk")
        if sealed.count == 0 {
            throw AgeError.payload(counter == 0 ? "payload has no chunks" : "payload ends without a final chunk")
        }
        guard sealed.count > Self.tagSize || (sealed.count == Self.tagSize && counter == 0) else {
            throw AgeError.payload(sealed.count == Self.tagSize ? "final chunk is empty" : "truncated chunk")
        }
        let length = sealed.count - Self.tagSize
        let out = UnsafeMutableRawBufferPointer(rebasing: output[0..<length])
        var last = sealed.count < Self.sealedChunkSize
        do {
            setNonce(last: last)
            try nonce.withUnsafeBytes { try cipher.open(sealed, nonce: $0, into: out) }
        } catch {
            guard !last else { throw AgeError.payload("chunk \(counter) does not authenticate") }
            last = true
            setNonce(last: true)
            do { try nonce.withUnsafeBytes { try cipher.open(sealed, nonce: $0, into: out) } } catch {
                throw AgeError.payload("chunk \(counter) does not authenticate")
            }
        }
        counter += 1
        finished = last
        return (length, last)
    }
}
