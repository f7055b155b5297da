import JSON

/// The one error body of the gateway (CONTRACT.md "Errors and limits"):
/// `{"error":{"code":"…","message":"…"},"requestId":"…"}`, always plaintext JSON.
public struct ErrorBody: Sendable, Equatable {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func json(requestID: String) -> [UInt8] {
        var text = "{\"error\":{\"code\":"
        JSONQuoting.appendQuoted(code, to: &text)
        text += ",\"message\":"
        JSONQuoting.appendQuoted(message, to: &text)
        text += "},\"requestId\":"
        JSONQuoting.appendQuoted(requestID, to: &text)
        text += "}"
        return Array(text.utf8)
    }

    static let notFound = ErrorBody(status: 404, code: "not_found", message: "no such endpoint")
    static let backendUnavailable = ErrorBody(status: 503, code: "mcp_backend_unavailable",
                                              message: "the MCP backend is not available")
    static let overloaded = ErrorBody(status: 503, code: "overloaded",
                                      message: "the gateway is at capacity; retry shortly")
    static let shuttingDown = ErrorBody(status: 503, code: "shutting_down",
                                        message: "the gateway is shutting down")
    static let encryptionDisabled = ErrorBody(status: 404, code: "encryption_disabled",
                                              message: "this gateway has no age identity configured")
    static func methodNotAllowed(_ route: Route) -> ErrorBody {
        ErrorBody(status: 405, code: "method_not_allowed",
                  message: "\(route.rawValue) allows \(route.allowedMethods.joined(separator: ", "))")
    }
    static let internalError = ErrorBody(status: 500, code: "internal_error", message: "internal error")
}
