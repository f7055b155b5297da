// The transport-neutral response; the lead writes it with the HTTP server (and, in encrypted
// mode, seals `.json` bodies and each SSE event's data).

/// The answer to an `MCPHTTPRequest`.
public struct MCPHTTPResponse: Sendable {
    public enum Body: Sendable, Equatable {
        case empty
        /// `application/json` bytes.
        case json([UInt8])
        /// A finite `text/event-stream`: write the events, then end the response.
        case sse([SSEEvent])
        /// An error in the service's own format (`{"error":{"code","message"},"requestId"}`),
        /// rendered by the lead, who owns the request id.
        case problem(code: String, message: String)
    }

    public var status: Int
    /// Headers to add (Content-Type is implied by the body kind; see `contentType`).
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The Content-Type the body kind implies (nil for an empty body).
    public var contentType: String? {
        switch body {
        case .empty: nil
        case .json, .problem: "application/json"
        case .sse: "text/event-stream"
        }
    }

    /// The value of a header this response sets, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { MCPHeaders.equalNames($0.name, name) }?.value
    }

    static func jsonRPC(_ status: Int, _ response: JSONRPCResponse, headers: [(name: String, value: String)] = []) -> MCPHTTPResponse {
        MCPHTTPResponse(status: status, headers: headers, body: .json(response.encode()))
    }
}
