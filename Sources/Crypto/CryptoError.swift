/// Failures of the Crypto wrappers. Callers that decrypt must not tell these apart to a peer:
/// a wrong key and a forged tag both surface as `authenticationFailed`.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input had a length the primitive does not accept (key, nonce, tag, output size).
    case invalidLength(String)
    /// The AEAD tag did not verify (wrong key, forged or corrupted ciphertext).
    case authenticationFailed
    /// An X25519 exchange produced the all-zero value (a low-order peer point).
    case allZeroSharedSecret
    /// A parameter is out of the range the primitive supports (scrypt work factor, sizes).
    case invalidParameter(String)
    /// Decompressed output would pass the caller's limit (a decompression bomb).
    case outputLimitExceeded(Int)
    /// Compressed input is not a valid frame.
    case malformedInput(String)
    /// The C library reported an internal failure (allocation, provider not available).
    case libraryFailure(String)

    public var description: String {
        switch self {
        case .invalidLength(let what): return "invalid length: \(what)"
        case .authenticationFailed: return "authentication failed"
        case .allZeroSharedSecret: return "X25519 produced the all-zero shared secret"
        case .invalidParameter(let what): return "invalid parameter: \(what)"
        case .outputLimitExceeded(let limit): return "output would exceed \(limit) bytes"
        case .malformedInput(let what): return "malformed input: \(what)"
        case .libraryFailure(let what): return "crypto library failure: \(what)"
        }
    }
}
