internal import CSodium

/// scrypt (RFC 7914) over libsodium's `crypto_pwhash_scryptsalsa208sha256_ll`.
public enum Scrypt {
    /// The largest log2(N) accepted at all (2^30 x 1 KiB = 1 TiB of memory would be absurd);
    /// callers apply their own, much lower, policy limit before calling.
    public static let maxLogN = 30

    /// Derives `count` bytes from `password` and `salt` with N = 2^logN, r, p.
    public static func derive(
        password: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer,
        logN: Int, r: Int = 8, p: Int = 1, count: Int = 32
    ) throws -> SecureBytes {
        guard (1...maxLogN).contains(logN) else { throw CryptoError.invalidParameter("scrypt log2(N) = \(logN)") }
        guard (1...64).contains(r), (1...16).contains(p) else { throw CryptoError.invalidParameter("scrypt r=\(r) p=\(p)") }
        guard (1...1024).contains(count) else { throw CryptoError.invalidLength("scrypt output of \(count) bytes") }
        Sodium.ensureReady()
        var empty: UInt8 = 0
        return try withUnsafeMutablePointer(to: &empty) { fallback in
            let pw = password.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(fallback)
            let sl = salt.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(fallback)
            return try SecureBytes(count: count) { out in
                let status = crypto_pwhash_scryptsalsa208sha256_ll(
                    pw, password.count, sl, salt.count, UInt64(1) << UInt64(logN), UInt32(r), UInt32(p),
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), count)
                guard status == 0 else { throw CryptoError.libraryFailure("scrypt (out of memory?)") }
            }
        }
    }

    /// Array form of `derive(password:salt:logN:r:p:count:)`.
    public static func derive(password: [UInt8], salt: [UInt8], logN: Int, r: Int = 8, p: Int = 1, count: Int = 32) throws -> SecureBytes {
        try password.withUnsafeBytes { pw in
            try salt.withUnsafeBytes { s in try derive(password: pw, salt: s, logN: logN, r: r, p: p, count: count) }
        }
    }
}
