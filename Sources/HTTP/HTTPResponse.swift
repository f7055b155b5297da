/// A complete response. The server adds `Date`, `Content-Length`, `Connection` and
/// `X-Request-Id` itself (any of those set here are replaced) and omits the body for HEAD.
/// A `Connection: close` set here is honoured: the connection closes after this response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
