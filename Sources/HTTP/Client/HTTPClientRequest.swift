/// One HTTP/1.1 request for `HTTPClient`.
public struct HTTPClientRequest: Sendable {
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in order; `Host`, `Content-Length` and `Connection` are set by the client.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Overrides the client's response body cap for this request.
    public var maximumResponseBytes: Int?

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
                body: [UInt8] = [], maximumResponseBytes: Int? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// Methods that may be retried once on a fresh connection when a pooled one turns out dead.
    var isIdempotent: Bool { ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].contains(method) }

    /// The request head and body as bytes on the wire.
    func serialized(target: HTTPClientEndpoint) throws(HTTPClientError) -> [UInt8] {
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw .invalidRequest("bad method")
        }
        var head = "\(method) \(target.pathAndQuery) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
        var hasUserAgent = false
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw .invalidRequest("bad header name") }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .invalidRequest("bad value for header \(name)")
            }
            switch name.lowercased() {
            case "host", "content-length", "connection", "transfer-encoding": continue
            case "user-agent": hasUserAgent = true
            default: break
            }
            head += "\(name): \(value)\r\n"
        }
        if !hasUserAgent { head += "User-Agent: seqthink\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
