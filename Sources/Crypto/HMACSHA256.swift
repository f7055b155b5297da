internal import CSodium

/// HMAC-SHA-256 (RFC 2104) over libsodium's `crypto_auth_hmacsha256_*`, which accepts keys of
/// any length (longer ones are hashed, as the RFC says).
public struct HMACSHA256: Sendable {
    /// Tag length in bytes.
    public static let tagLength = 32
    private var state = crypto_auth_hmacsha256_state()

    /// Starts an incremental MAC keyed with `key`.
    public init(key: UnsafeRawBufferPointer) {
        Sodium.ensureReady()
        var one: UInt8 = 0
        let base = key.baseAddress?.assumingMemoryBound(to: UInt8.self)
        withUnsafeMutablePointer(to: &one) { fallback in
            _ = crypto_auth_hmacsha256_init(&state, base ?? UnsafePointer(fallback), key.count)
        }
    }

    /// Starts an incremental MAC keyed with `key`.
    public init(key: SecureBytes) {
        self = key.withUnsafeBytes { HMACSHA256(key: $0) }
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        crypto_auth_hmacsha256_update(&state, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte tag; the value must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.tagLength)
        out.withUnsafeMutableBufferPointer { _ = crypto_auth_hmacsha256_final(&state, $0.baseAddress!) }
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return out
    }

    /// The tag of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var mac = key.withUnsafeBytes { HMACSHA256(key: $0) }
        mac.update(message)
        return mac.finalize()
    }

    /// True when `tag` (the full 32 bytes, or a truncation of at least 1 byte) is the tag of
    /// `message` under `key`; the comparison is constant-time.
    public static func verify(_ tag: [UInt8], message: [UInt8], key: [UInt8]) -> Bool {
        guard !tag.isEmpty, tag.count <= tagLength else { return false }
        let full = authenticate(message, key: key)
        return ConstantTime.equals(Array(full.prefix(tag.count)), tag)
    }
}
