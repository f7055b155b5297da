/// A parsed, validated request head, with the framing and connection facts derived from it.
struct HTTPRequestHead: Sendable {
    enum Framing: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    var method: String
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: Framing
    /// Whether the connection may carry another request after this one's response.
    var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    var expectsContinue: Bool
    /// The first `X-Request-Id` field, unvalidated.
    var requestIDField: String?

    var isHead: Bool { method == "HEAD" }
}
