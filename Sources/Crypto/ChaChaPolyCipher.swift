internal import COpenSSL

// Ownership: one ChaChaPolyCipher owns one EVP_CIPHER_CTX, keyed once in init and freed in
// deinit (OpenSSL cleanses the key schedule on free). It is NOT thread-safe: a STREAM
// encryptor or decryptor owns one for its lifetime and uses it from one thread at a time.
// Each call re-initialises only the nonce, which is what makes per-chunk calls cheap.

/// ChaCha20-Poly1305 with a fixed key over OpenSSL's EVP AEAD, for bulk data (STREAM chunks).
public final class ChaChaPolyCipher {
    // Fetched once: passing EVP_chacha20_poly1305() makes OpenSSL 3 fetch the provider's
    // implementation on every init, which costs more than sealing a small message.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil)
    private let ctx: OpaquePointer

    /// Keys a new context; `key` must be 32 bytes.
    public init(key: SecureBytes) throws {
        guard key.count == ChaChaPoly.keyLength else {
            throw CryptoError.invalidLength("ChaCha20-Poly1305 key of \(key.count) bytes")
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.libraryFailure("EVP_CIPHER_CTX_new") }
        self.ctx = ctx
        let status = key.withUnsafeBytes {
            EVP_CipherInit_ex(ctx, Self.algorithm ?? EVP_chacha20_poly1305(), nil, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, 1)
        }
        guard status == 1 else { throw CryptoError.libraryFailure("EVP_CipherInit_ex (chacha20-poly1305)") }
    }

    deinit { EVP_CIPHER_CTX_free(ctx) }

    /// Encrypts `plaintext` into `output` (`plaintext.count + 16` bytes: ciphertext then tag).
    /// `output` may be the same memory as `plaintext` (in place).
    public func seal(
        _ plaintext: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), into output: UnsafeMutableRawBufferPointer
    ) throws {
        guard nonce.count == ChaChaPoly.nonceLength else { throw CryptoError.invalidLength("nonce of \(nonce.count) bytes") }
        guard output.count == plaintext.count + ChaChaPoly.tagLength else {
            throw CryptoError.invalidLength("AEAD output of \(output.count) bytes for \(plaintext.count) plaintext")
        }
        guard plaintext.count < Int(Int32.max) else { throw CryptoError.invalidLength("AEAD input too long for one call") }
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard EVP_CipherInit_ex(ctx, nil, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), 1) == 1 else {
            throw CryptoError.libraryFailure("EVP_CipherInit_ex (nonce)")
        }
        try absorb(aad)
        var written: Int32 = 0
        if plaintext.count > 0 {
            guard EVP_CipherUpdate(ctx, out, &written, plaintext.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(plaintext.count)) == 1 else {
                throw CryptoError.libraryFailure("EVP_CipherUpdate")
            }
        }
        var tail: Int32 = 0
        guard EVP_CipherFinal_ex(ctx, out + Int(written), &tail) == 1,
              Int(written + tail) == plaintext.count,
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(ChaChaPoly.tagLength), out + plaintext.count) == 1
        else { throw CryptoError.libraryFailure("EVP_CipherFinal_ex / GET_TAG") }
    }

    /// Decrypts `ciphertext || tag` into `output` (`sealed.count - 16` bytes); throws
    /// `authenticationFailed` (and zeroes `output`) when the tag does not verify.
    public func open(
        _ sealed: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), into output: UnsafeMutableRawBufferPointer
    ) throws {
        guard nonce.count == ChaChaPoly.nonceLength else { throw CryptoError.invalidLength("nonce of \(nonce.count) bytes") }
        guard sealed.count >= ChaChaPoly.tagLength else { throw CryptoError.authenticationFailed }
        let length = sealed.count - ChaChaPoly.tagLength
        guard output.count == length else {
            throw CryptoError.invalidLength("AEAD output of \(output.count) bytes for \(length) plaintext")
        }
        guard length < Int(Int32.max) else { throw CryptoError.invalidLength("AEAD input too long for one call") }
        let input = sealed.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { scratchPtr in
            let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? scratchPtr.baseAddress!
            guard EVP_CipherInit_ex(ctx, nil, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), 0) == 1 else {
                throw CryptoError.libraryFailure("EVP_CipherInit_ex (nonce)")
            }
            let tag = UnsafeMutableRawPointer(mutating: input + length)
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(ChaChaPoly.tagLength), tag) == 1 else {
                throw CryptoError.libraryFailure("EVP_CIPHER_CTX_ctrl SET_TAG")
            }
            try absorb(aad)
            var written: Int32 = 0
            if length > 0 {
                guard EVP_CipherUpdate(ctx, out, &written, input, Int32(length)) == 1 else {
                    throw CryptoError.libraryFailure("EVP_CipherUpdate")
                }
            }
            var tail: Int32 = 0
            guard EVP_CipherFinal_ex(ctx, scratchPtr.baseAddress!, &tail) == 1 else {
                if length > 0 { output.initializeMemory(as: UInt8.self, repeating: 0) }
                throw CryptoError.authenticationFailed
            }
        }
    }

    /// Feeds additional authenticated data (an update with no output buffer).
    private func absorb(_ aad: UnsafeRawBufferPointer) throws {
        guard aad.count > 0 else { return }
        guard aad.count < Int(Int32.max) else { throw CryptoError.invalidLength("AAD too long for one call") }
        var ignored: Int32 = 0
        guard EVP_CipherUpdate(ctx, nil, &ignored, aad.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(aad.count)) == 1 else {
            throw CryptoError.libraryFailure("EVP_CipherUpdate (AAD)")
        }
    }
}
