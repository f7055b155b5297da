/// Why the parser refused a request. Each maps to one status; the connection closes after it.
enum HTTPParseError: Error, Equatable, Sendable {
    /// Malformed syntax or ambiguous framing: 400. The reason goes into the error message.
    case badRequest(String)
    /// The head passed `maxHeaderBytes`: 431.
    case headTooLarge
    /// Content-Length or the chunks passed `maxBodyBytes`: 413.
    case bodyTooLarge
    /// A well-formed version other than HTTP/1.0 or HTTP/1.1: 505.
    case versionNotSupported

    var status: Int {
        switch self {
        case .badRequest: 400
        case .headTooLarge: 431
        case .bodyTooLarge: 413
        case .versionNotSupported: 505
        }
    }

    var code: String {
        switch self {
        case .badRequest: "bad_request"
        case .headTooLarge: "request_header_fields_too_large"
        case .bodyTooLarge: "payload_too_large"
        case .versionNotSupported: "http_version_not_supported"
        }
    }

    var message: String {
        switch self {
        case .badRequest(let reason): "malformed request: \(reason)"
        case .headTooLarge: "request head is too large"
        case .bodyTooLarge: "request body is too large"
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are supported"
        }
    }
}
