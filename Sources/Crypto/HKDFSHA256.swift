internal import COpenSSL
internal import Glibc

// RFC 5869 over the HMAC-SHA-256 of COpenSSL/shim_crypto.h (OpenSSL's low-level SHA-256, pads
// absorbed once per key): an HKDF with a 32-byte output is 8 SHA-256 compressions, and OpenSSL
// 3's EVP_KDF "HKDF" spends several times that on per-call context and parameter handling.
// `referenceDerive` keeps the EVP_KDF path, used only by the tests as the cross-check.

/// HKDF-SHA-256 (RFC 5869): Extract with `salt`, then Expand with `info`.
public enum HKDFSHA256 {
    /// The largest output RFC 5869 allows: 255 blocks of 32 bytes.
    public static let maxOutputLength = 255 * 32

    // Fetched once: the fetch is a provider lookup under a lock; an EVP_KDF is immutable.
    nonisolated(unsafe) private static let kdf: OpaquePointer? = EVP_KDF_fetch(nil, "HKDF", nil)
    // OSSL_PARAM keeps pointers to its key names and values, so the names live for the process.
    nonisolated(unsafe) private static let digestName = strdup("digest")!
    nonisolated(unsafe) private static let sha256Name = strdup("SHA256")!
    nonisolated(unsafe) private static let keyName = strdup("key")!
    nonisolated(unsafe) private static let saltName = strdup("salt")!
    nonisolated(unsafe) private static let infoName = strdup("info")!

    /// Derives `count` bytes (1...8160) into a zeroing buffer.
    public static func derive(
        ikm: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer, count: Int
    ) throws -> SecureBytes {
        guard count > 0, count <= maxOutputLength else {
            throw CryptoError.invalidLength("HKDF output of \(count) bytes (1...\(maxOutputLength))")
        }
        return try SecureBytes(count: count) { out in
            let status = seqthink_hkdf_sha256(
                out.baseAddress!.assumingMemoryBound(to: UInt8.self), count,
                ikm.baseAddress, ikm.count, salt.baseAddress, salt.count, info.baseAddress, info.count)
            guard status == 1 else { throw CryptoError.libraryFailure("HKDF-SHA-256") }
        }
    }

    /// OpenSSL's EVP_KDF "HKDF": the reference `derive` is tested against.
    static func referenceDerive(
        ikm: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer, count: Int
    ) throws -> SecureBytes {
        guard count > 0, count <= maxOutputLength else {
            throw CryptoError.invalidLength("HKDF output of \(count) bytes (1...\(maxOutputLength))")
        }
        guard let kdf else { throw CryptoError.libraryFailure("HKDF not available from OpenSSL") }
        guard let ctx = EVP_KDF_CTX_new(kdf) else { throw CryptoError.libraryFailure("EVP_KDF_CTX_new") }
        defer { EVP_KDF_CTX_free(ctx) }
        // OpenSSL wants a non-NULL pointer even for an empty octet string.
        var dummy: UInt8 = 0
        return try withUnsafeMutablePointer(to: &dummy) { empty in
            let ikmPtr = UnsafeMutableRawPointer(mutating: ikm.baseAddress) ?? UnsafeMutableRawPointer(empty)
            let saltPtr = UnsafeMutableRawPointer(mutating: salt.baseAddress) ?? UnsafeMutableRawPointer(empty)
            let infoPtr = UnsafeMutableRawPointer(mutating: info.baseAddress) ?? UnsafeMutableRawPointer(empty)
            var params: [OSSL_PARAM] = [
                OSSL_PARAM_construct_utf8_string(digestName, sha256Name, 0),
                OSSL_PARAM_construct_octet_string(keyName, ikmPtr, ikm.count),
                OSSL_PARAM_construct_octet_string(saltName, saltPtr, salt.count),
                OSSL_PARAM_construct_octet_string(infoName, infoPtr, info.count),
                OSSL_PARAM_construct_end(),
            ]
            return try SecureBytes(count: count) { out in
                let status = params.withUnsafeMutableBufferPointer {
                    EVP_KDF_derive(ctx, out.baseAddress!.assumingMemoryBound(to: UInt8.self), count, $0.baseAddress)
                }
                guard status == 1 else { throw CryptoError.libraryFailure("EVP_KDF_derive (HKDF)") }
            }
        }
    }

    /// Array form of `derive(ikm:salt:info:count:)`.
    public static func derive(ikm: [UInt8], salt: [UInt8], info: [UInt8], count: Int) throws -> SecureBytes {
        try ikm.withUnsafeBytes { i in
            try salt.withUnsafeBytes { s in
                try info.withUnsafeBytes { n in try derive(ikm: i, salt: s, info: n, count: count) }
            }
        }
    }

    /// Form taking a secret input keying material.
    public static func derive(ikm: SecureBytes, salt: [UInt8], info: [UInt8], count: Int) throws -> SecureBytes {
        try ikm.withUnsafeBytes { i in
            try salt.withUnsafeBytes { s in
                try info.withUnsafeBytes { n in try derive(ikm: i, salt: s, info: n, count: count) }
            }
        }
    }
}
