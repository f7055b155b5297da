/// Failures of `HTTPClient`. Descriptions never include request or response bodies.
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not an absolute http or https URL with a host.
    case invalidURL(String)
    /// A header name or value that would break the request framing (CR, LF, NUL).
    case invalidRequest(String)
    /// The host name did not resolve.
    case resolutionFailed(String)
    /// Nothing listens on the port.
    case connectionRefused
    /// Connecting failed for another reason (unreachable network, reset).
    case connectFailed(String)
    /// The deadline passed (connect, TLS, write or read).
    case timeout
    /// TLS certificate or host-name verification failed.
    case tlsVerificationFailed(String)
    /// Any other TLS failure.
    case tlsFailed(String)
    /// The response head or body is larger than allowed.
    case responseTooLarge(limit: Int)
    /// The response violates HTTP/1.1 framing.
    case malformedResponse(String)
    /// The server closed the connection before a complete response.
    case connectionClosed
    /// The request was cancelled.
    case cancelled
    /// A helper that requires a particular status got another one.
    case unexpectedStatus(Int)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .invalidRequest(let why): "invalid request: \(why)"
        case .resolutionFailed(let host): "cannot resolve host \(host)"
        case .connectionRefused: "connection refused"
        case .connectFailed(let why): "connect failed: \(why)"
        case .timeout: "timed out"
        case .tlsVerificationFailed(let why): "TLS verification failed: \(why)"
        case .tlsFailed(let why): "TLS failed: \(why)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .malformedResponse(let why): "malformed response: \(why)"
        case .connectionClosed: "connection closed before the response was complete"
        case .cancelled: "cancelled"
        case .unexpectedStatus(let status): "unexpected HTTP status \(status)"
        }
    }
}
