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
