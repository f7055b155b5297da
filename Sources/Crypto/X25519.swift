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

extension X25519 {
    /// A peer public key prepared for many `sharedSecret` calls with fresh secrets (a gateway's
    /// configured response recipient): a 30 KiB table of multiples of the point on Edwards25519
    /// (CSodium/shim_x25519_table.h), built once in about a millisecond, makes each later
    /// multiplication about half the cost of the Montgomery ladder, in constant time in the
    /// secret. The table holds only public values. Immutable after `init`.
    public final class PeerTable: @unchecked Sendable {
        /// The prepared public key.
        public let peer: [UInt8]
        /// A `seqthink_x25519_table`, written only by `init`.
        private let table: UnsafeMutableRawPointer

        /// Nil when `peer` is not 32 bytes or has no point on Edwards25519 (a point on the
        /// twist, or u = -1): the ladder handles those.
        public init?(peer: [UInt8]) {
            guard peer.count == X25519.keyLength else { return nil }
            Sodium.ensureReady()
            let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<seqthink_x25519_table>.size,
                                                       alignment: MemoryLayout<seqthink_x25519_table>.alignment)
            let table = raw.bindMemory(to: seqthink_x25519_table.self, capacity: 1)
            guard seqthink_x25519_table_init(table, peer) == 0 else {
                raw.deallocate()
                return nil
            }
            self.peer = peer
            self.table = raw
        }

        deinit { table.deallocate() }

        fileprivate func multiply(_ out: UnsafeMutablePointer<UInt8>, secret: UnsafePointer<UInt8>) {
            seqthink_x25519_table_mul(out, table.assumingMemoryBound(to: seqthink_x25519_table.self), secret)
        }
    }

    /// `X25519(secret, table.peer)` through the prepared table: the same value as
    /// `sharedSecret(secret:peer:)`, and the same `allZeroSharedSecret` for a low-order peer.
    public static func sharedSecret(secret: SecureBytes, peer table: PeerTable) throws -> SecureBytes {
        guard secret.count == keyLength else { throw CryptoError.invalidLength("X25519 secret of \(secret.count) bytes") }
        return try SecureBytes(count: keyLength) { out in
            secret.withUnsafeBytes { s in
                table.multiply(out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                               secret: s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            if ConstantTime.isZero(UnsafeRawBufferPointer(out)) { throw CryptoError.allZeroSharedSecret }
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
