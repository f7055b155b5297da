internal import Crypto

/// Every random value one encryption needs, drawn from the system CSPRNG in one call: the
/// 16-byte file key, the 16-byte payload nonce and one 32-byte ephemeral secret per X25519
/// recipient. Three separate draws were three getrandom(2) system calls per seal (~0.25 µs
/// each in perf of bench-age); the bytes of one draw are as independent as those of three.
/// The pool is a `SecureBytes` (zeroed on release) and each secret is copied into its own.
struct SealRandomness {
    static let fileKeyLength = 16

    let fileKey: SecureBytes
    let payloadNonce: [UInt8]
    /// One per `X25519Recipient` among the recipients, in their order.
    let ephemeralSecrets: [SecureBytes]

    init(recipients: [any AgeRecipient]) {
        let ephemeralCount = recipients.reduce(0) { $0 + ($1 is X25519Recipient ? 1 : 0) }
        let keyLength = X25519.keyLength
        let nonceEnd = Self.fileKeyLength + PayloadStream.nonceSize
        let pool = SecureBytes(randomCount: nonceEnd + ephemeralCount * keyLength)
        (fileKey, payloadNonce, ephemeralSecrets) = pool.withUnsafeBytes { bytes in
            func secret(_ range: Range<Int>) -> SecureBytes {
                SecureBytes(count: range.count) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range])) }
            }
            let ephemerals = (0..<ephemeralCount).map { index in
                secret(nonceEnd + index * keyLength ..< nonceEnd + (index + 1) * keyLength)
            }
            return (secret(0..<Self.fileKeyLength), Array(bytes[Self.fileKeyLength..<nonceEnd]), ephemerals)
        }
    }
}
