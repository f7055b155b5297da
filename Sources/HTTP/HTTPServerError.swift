import Glibc

/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (name, errno).
    case system(String, Int32)
    /// The host could not be resolved (getaddrinfo error text).
    case resolve(String)
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// `start()` was called twice or after `shutdown()`.
    case alreadyStarted

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        case .resolve(let text): "cannot resolve host: \(text)"
        case .invalidConfiguration(let text): "invalid HTTP server configuration: \(text)"
        case .alreadyStarted: "the HTTP server was already started"
        }
    }
}
