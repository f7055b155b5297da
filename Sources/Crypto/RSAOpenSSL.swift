internal import COpenSSL

// Shared helpers for the RSA wrappers: the one fetched SHA-256 implementation, memory BIOs,
// and BIGNUM conversions. OpenSSL's error queue is per thread; every failing path clears it
// so that a later, unrelated call on the same thread does not report a stale error.
enum RSAOpenSSL {
    /// SHA-256 fetched once: `EVP_sha256()` would repeat the provider lookup on every call.
    nonisolated(unsafe) static let sha256: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            preconditionFailure("OpenSSL has no SHA256 implementation")
        }
        return md
    }()

    static func clearErrors() { ERR_clear_error() }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withReadBIO<R>(_ bytes: [UInt8], _ body: (OpaquePointer) -> R?) -> R? {
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return nil }
        return bytes.withUnsafeBytes { raw -> R? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote. `secure` uses the
    /// secure-heap BIO, which clears its buffer when freed (for private keys).
    static func collectBIO(secure: Bool, _ write: (OpaquePointer) -> Int32) -> [UInt8]? {
        guard let bio = BIO_new(secure ? BIO_s_secmem() : BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { clearErrors(); return nil }
        var data: UnsafeMutablePointer<CChar>?
        let length = seqthink_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }

    /// The big-endian bytes of a BIGNUM parameter of `pkey` ("n", "e", …).
    static func bigNumberParameter(_ pkey: OpaquePointer, _ name: String) -> [UInt8]? {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pkey, name, &bn) == 1, let bn else { clearErrors(); return nil }
        defer { BN_free(bn) }
        let count = (Int(BN_num_bits(bn)) + 7) / 8
        var out = [UInt8](repeating: 0, count: count)
        guard BN_bn2bin(bn, &out) == Int32(count) else { return nil }
        return out
    }
}
