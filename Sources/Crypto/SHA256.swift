internal import COpenSSL

/// SHA-256, one-shot or incremental: OpenSSL's low-level SHA-256, which runs the CPU's SHA
/// extensions where present (libsodium's portable code took 1.3 µs for a 483-byte token, most
/// of a verified-token cache hit; this is ~0.4 µs).
public struct SHA256: Sendable {
    /// Digest length in bytes.
    public static let digestLength = 32
    private var state = seqthink_sha256_ctx()

    /// Starts a new incremental hash.
    public init() {
        seqthink_sha256_init(&state)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        seqthink_sha256_update(&state, base, bytes.count)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything absorbed; the hasher must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.digestLength)
        out.withUnsafeMutableBufferPointer { seqthink_sha256_final(&state, $0.baseAddress!) }
        return out
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
