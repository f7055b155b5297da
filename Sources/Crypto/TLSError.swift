/// Failures of the TLS client. Descriptions name the failure class and OpenSSL's reason, never
/// any key material.
public enum TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The CA file could not be loaded, or OpenSSL refused the configuration.
    case configuration(String)
    /// The peer's certificate chain or host name did not verify.
    case verificationFailed(String)
    /// The handshake failed for another reason (protocol, alert, reset).
    case handshakeFailed(String)
    /// The socket's time limit passed during a read, write or handshake.
    case timeout
    /// Reading or writing failed after the handshake.
    case ioFailed(String)

    public var description: String {
        switch self {
        case .configuration(let why): "TLS configuration failed: \(why)"
        case .verificationFailed(let why): "TLS certificate verification failed: \(why)"
        case .handshakeFailed(let why): "TLS handshake failed: \(why)"
        case .timeout: "TLS timed out"
        case .ioFailed(let why): "TLS I/O failed: \(why)"
        }
    }
}
