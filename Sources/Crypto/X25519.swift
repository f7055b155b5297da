internal import CSodium

/// X25519 (RFC 7748) over libsodium. Secrets are `SecureBytes`; public values are plain bytes.
public enum X25519 {
    /// Length of a scalar, a point and a shared secret.
    public static let keyLength = 32

    /// A new random secret scalar.
    public static func generateSecret() -> SecureBytes {
        SecureBytes(randomCount: keyLength)
    }

    /// `X25519(secret, basepoint)`: the public key of `secret`. Computed as clamp(secret)·B on
    /// Edwards25519 with libsodium's precomputed-table comb, then mapped to the Montgomery
    /// u-coordinate (CSodium/shim_x25519.h): the same value as the Montgomery ladder, in about
    /// two thirds of the time.
    public static func publicKey(secret: SecureBytes) throws -> [UInt8] {
        guard secret.count == keyLength else { throw CryptoError.invalidLength("X25519 secret of \(secret.count) bytes") }
        Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: keyLength)
        let status = secret.withUnsafeBytes { s in
            out.withUnsafeMutableBufferPointer {
                seqthink_x25519_base($0.baseAddress!, s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw CryptoError.libraryFailure("X25519 base point multiplication") }
        return out
    }

    /// The Montgomery ladder (`crypto_scalarmult_curve25519_base`) the fast path must agree
    /// with; kept for the tests.
    static func ladderPublicKey(secret: [UInt8]) -> [UInt8] {
        precondition(secret.count == keyLength)
        Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: keyLength)
        _ = out.withUnsafeMutableBufferPointer { crypto_scalarmult_curve25519_base($0.baseAddress!, secret) }
        return out
    }

    /// `X25519(secret, peer)`. Throws `allZeroSharedSecret` when the result is all zeros (the
    /// peer sent a low-order point): a protocol must abort rather than use that value.
    public static func sharedSecret(secret: SecureBytes, peer: [UInt8]) throws -> SecureBytes {
        guard secret.count == keyLength else { throw CryptoError.invalidLength("X25519 secret of \(secret.count) bytes") }
        guard peer.count == keyLength else { throw CryptoError.invalidLength("X25519 public key of \(peer.count) bytes") }
        Sodium.ensureReady()
        return try SecureBytes(count: keyLength) { out in
            let status = secret.withUnsafeBytes { s in
                peer.withUnsafeBufferPointer { p in
                    crypto_scalarmult_curve25519(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        s.baseAddress!.assumingMemoryBound(to: UInt8.self), p.baseAddress!)
                }
            }
            // libsodium returns -1 exactly when the output is all zeros; check again anyway.
            if status != 0 || ConstantTime.isZero(UnsafeRawBufferPointer(out)) {
                throw CryptoError.allZeroSharedSecret
            }
        }
    }
}

/// Byte-level access to the GF(2^255 - 19) routines behind `X25519.publicKey`, for the tests.
/// Inputs are 32 little-endian bytes with bit 255 ignored; outputs are canonical (0...p-1).
enum Field25519 {
    static func reduce(_ a: [UInt8]) -> [UInt8] {
        precondition(a.count == 32)
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { seqthink_fe25519_reduce_bytes($0.baseAddress!, a) }
        return out
    }

    static func multiply(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        precondition(a.count == 32 && b.count == 32)
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { seqthink_fe25519_mul_bytes($0.baseAddress!, a, b) }
        return out
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        precondition(a.count == 32 && b.count == 32)
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { seqthink_fe25519_sub_bytes($0.baseAddress!, a, b) }
        return out
    }

    static func invert(_ a: [UInt8]) -> [UInt8] {
        precondition(a.count == 32)
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { seqthink_fe25519_invert_bytes($0.baseAddress!, a) }
        return out
    }
}
