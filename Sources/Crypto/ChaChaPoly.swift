internal import CSodium

/// One-shot ChaCha20-Poly1305 (RFC 8439, 12-byte nonce) over libsodium.
///
/// For small messages (file-key wrapping, gateway messages) a one-shot call needs no context
/// allocation; bulk data goes through `ChaChaPolyCipher` (OpenSSL), which measured faster on
/// 16-64 KiB chunks (see bench/results-age.md). Output is `ciphertext || tag`.
public enum ChaChaPoly {
    /// Key, nonce and tag lengths in bytes (RFC 8439).
    public static let keyLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    /// Encrypts `plaintext` into `output` (exactly `plaintext.count + 16` bytes).
    public static func seal(
        _ plaintext: UnsafeRawBufferPointer, key: SecureBytes, nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        into output: UnsafeMutableRawBufferPointer
    ) throws {
        try check(key: key, nonce: nonce)
        guard output.count == plaintext.count + tagLength else {
            throw CryptoError.invalidLength("AEAD output of \(output.count) bytes for \(plaintext.count) plaintext")
        }
        Sodium.ensureReady()
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        key.withUnsafeBytes { k in
            _ = crypto_aead_chacha20poly1305_ietf_encrypt_detached(
                out, out + plaintext.count, nil,
                bytes(plaintext), UInt64(plaintext.count), bytes(aad), UInt64(aad.count), nil,
                bytes(nonce), bytes(k))
        }
    }

    /// Decrypts `ciphertext || tag` into `output` (exactly `ciphertext.count - 16` bytes).
    /// On failure `output` is zeroed and `authenticationFailed` thrown.
    public static func open(
        _ sealed: UnsafeRawBufferPointer, key: SecureBytes, nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        into output: UnsafeMutableRawBufferPointer
    ) throws {
        try check(key: key, nonce: nonce)
        guard sealed.count >= tagLength else { throw CryptoError.authenticationFailed }
        let length = sealed.count - tagLength
        guard output.count == length else {
            throw CryptoError.invalidLength("AEAD output of \(output.count) bytes for \(length) plaintext")
        }
        Sodium.ensureReady()
        var scratch: UInt8 = 0
        let status = withUnsafeMutablePointer(to: &scratch) { fallback in
            let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? fallback
            return key.withUnsafeBytes { k in
                crypto_aead_chacha20poly1305_ietf_decrypt_detached(
                    out, nil, bytes(sealed), UInt64(length), bytes(sealed) + length,
                    bytes(aad), UInt64(aad.count), bytes(nonce), bytes(k))
            }
        }
        guard status == 0 else {
            if let base = output.baseAddress, output.count > 0 { sodium_memzero(base, output.count) }
            throw CryptoError.authenticationFailed
        }
    }

    /// `ciphertext || tag` of `plaintext`.
    public static func seal(_ plaintext: [UInt8], key: SecureBytes, nonce: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        try plaintext.withUnsafeBytes { p in
            try nonce.withUnsafeBytes { n in
                try aad.withUnsafeBytes { a in
                    try out.withUnsafeMutableBytes { try seal(p, key: key, nonce: n, aad: a, into: $0) }
                }
            }
        }
        return out
    }

    /// The plaintext of `ciphertext || tag`, or `authenticationFailed`.
    public static func open(_ sealed: [UInt8], key: SecureBytes, nonce: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        guard sealed.count >= tagLength else { throw CryptoError.authenticationFailed }
        var out = [UInt8](repeating: 0, count: sealed.count - tagLength)
        try sealed.withUnsafeBytes { s in
            try nonce.withUnsafeBytes { n in
                try aad.withUnsafeBytes { a in
                    try out.withUnsafeMutableBytes { try open(s, key: key, nonce: n, aad: a, into: $0) }
                }
            }
        }
        return out
    }

    /// Opens into a zeroing buffer (for wrapped keys).
    public static func openSecret(_ sealed: [UInt8], key: SecureBytes, nonce: [UInt8]) throws -> SecureBytes {
        guard sealed.count >= tagLength else { throw CryptoError.authenticationFailed }
        return try SecureBytes(count: sealed.count - tagLength) { out in
            try sealed.withUnsafeBytes { s in
                try nonce.withUnsafeBytes { n in try open(s, key: key, nonce: n, into: out) }
            }
        }
    }

    /// Seals a secret (for wrapping keys) without copying it into an array.
    public static func sealSecret(_ secret: SecureBytes, key: SecureBytes, nonce: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: secret.count + tagLength)
        try secret.withUnsafeBytes { p in
            try nonce.withUnsafeBytes { n in
                try out.withUnsafeMutableBytes { try seal(p, key: key, nonce: n, into: $0) }
            }
        }
        return out
    }

    private static func check(key: SecureBytes, nonce: UnsafeRawBufferPointer) throws {
        guard key.count == keyLength else { throw CryptoError.invalidLength("ChaCha20-Poly1305 key of \(key.count) bytes") }
        guard nonce.count == nonceLength else { throw CryptoError.invalidLength("ChaCha20-Poly1305 nonce of \(nonce.count) bytes") }
    }

    /// A C pointer for a possibly empty buffer (libsodium accepts NULL only with length 0).
    @inline(__always)
    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>! {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }
}
