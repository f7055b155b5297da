/// Something the HTTP layer did on its own, reported to `HTTPServerDelegate.observe`.
public enum HTTPServerEvent: Sendable {
    /// A connection was accepted and is now counted in `openConnections`.
    case opened(remoteAddress: String)
    /// A counted connection was closed (for any reason).
    case closed(remoteAddress: String, reason: HTTPCloseReason)
    /// A connection was accepted past `maxConnections` and closed at once (after a best-effort 503).
    case rejected(remoteAddress: String)
    /// The HTTP layer answered a request itself (malformed input, limits, timeouts).
    case answered(HTTPLayerResponse)
}

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

/// A response written by the HTTP layer itself, for metrics and access logs.
public struct HTTPLayerResponse: Sendable {
    public var status: Int
    /// The error code in the JSON body (`bad_request`, `payload_too_large`, …).
    public var code: String
    public var message: String
    public var requestID: String
    /// Method and path when the request line was readable.
    public var method: String?
    public var path: String?
    public var remoteAddress: String
    /// Bytes of the response (head and body).
    public var bytes: Int
    /// From the first byte of the request (or the connection's last activity) to the answer.
    public var duration: Duration
}
