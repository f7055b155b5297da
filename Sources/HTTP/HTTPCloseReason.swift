/// Why a connection closed.
public enum HTTPCloseReason: String, Sendable {
    /// The peer closed or reset it.
    case peerClosed
    /// The response said `Connection: close` (client asked, HTTP/1.0, drain, or an error).
    case connectionClose
    /// No request arrived within `idleTimeout`.
    case idleTimeout
    /// The head did not arrive within `headerTimeout` (answered 408 first).
    case headerTimeout
    /// The client stopped reading: a write made no progress within `idleTimeout`, or a stream
    /// buffer passed `maxStreamBufferBytes`.
    case slowReader
    /// A socket error.
    case error
    /// `HTTPServer.shutdown()` or drain.
    case shutdown
}
