internal import COpenSSL
internal import CSodium

/// HMAC-SHA-256 (RFC 2104) over OpenSSL's low-level SHA-256 (SHA extensions when the CPU has
/// them; see COpenSSL/shim_crypto.h). Keys of any length are accepted (longer ones are hashed,
/// as the RFC says). The state is wiped by `finalize()`.
public struct HMACSHA256: Sendable {
    /// Tag length in bytes.
    public static let tagLength = 32
    private var state = seqthink_hmac_sha256_ctx()

    /// Starts an incremental MAC keyed with `key`.
    public init(key: UnsafeRawBufferPointer) {
        seqthink_hmac_sha256_init(&state, key.baseAddress, key.count)
    }

    /// Starts an incremental MAC keyed with `key`.
    public init(key: SecureBytes) {
        self = key.withUnsafeBytes { HMACSHA256(key: $0) }
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        seqthink_hmac_sha256_update(&state, base, bytes.count)
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte tag; the value must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.tagLength)
        out.withUnsafeMutableBufferPointer { seqthink_hmac_sha256_final(&state, $0.baseAddress!) }
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

    /// libsodium's `crypto_auth_hmacsha256`: the independent implementation the tests compare
    /// against.
    static func referenceAuthenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: tagLength)
        let fallback: [UInt8] = [0]
        key.withUnsafeBufferPointer { k in
            _ = crypto_auth_hmacsha256_init(&state, k.baseAddress ?? fallback.withUnsafeBufferPointer { $0.baseAddress! }, key.count)
        }
        message.withUnsafeBufferPointer { m in
            if let base = m.baseAddress { _ = crypto_auth_hmacsha256_update(&state, base, UInt64(m.count)) }
        }
        out.withUnsafeMutableBufferPointer { _ = crypto_auth_hmacsha256_final(&state, $0.baseAddress!) }
        return out
    }
}
