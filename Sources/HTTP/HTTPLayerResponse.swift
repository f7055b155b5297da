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

    public init(status: Int, code: String, message: String, requestID: String, method: String? = nil,
                path: String? = nil, remoteAddress: String, bytes: Int, duration: Duration) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.method = method
        self.path = path
        self.remoteAddress = remoteAddress
        self.bytes = bytes
        self.duration = duration
    }
}
