internal import CSodium

/// X25519 (RFC 7748) over libsodium. Secrets are `SecureBytes`; public values are plain bytes.
public enum X25519 {
    /// Length of a scalar, a point and a shared secret.
    public static let keyLength = 32

    /// A new random secret scalar.
    public static func generateSecret() -> SecureBytes {
        SecureBytes(randomCount: keyLength)
    }

    /// `X25519(secret, basepoint)`: the public key of `secret`.
    public static func publicKey(secret: SecureBytes) throws -> [UInt8] {
        guard secret.count == keyLength else { throw CryptoError.invalidLength("X25519 secret of \(secret.count) bytes") }
        Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: keyLength)
        let status = secret.withUnsafeBytes { s in
            out.withUnsafeMutableBufferPointer {
                crypto_scalarmult_curve25519_base($0.baseAddress!, s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw CryptoError.libraryFailure("crypto_scalarmult_curve25519_base") }
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
