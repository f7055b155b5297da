import JSON

/// The JSON error body every error carries: `{"error":{"code":…,"message":…},"requestId":…}`.
enum HTTPErrorBody {
    static func json(code: String, message: String, requestID: String) -> [UInt8] {
        var out = "{\"error\":{\"code\":"
        appendString(code, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        out += "},\"requestId\":"
        appendString(requestID, to: &out)
        out += "}"
        return Array(out.utf8)
    }

    static func response(status: Int, code: String, message: String, requestID: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"],
                     body: json(code: code, message: message, requestID: requestID))
    }

    private static func appendString(_ text: String, to out: inout String) {
        JSONQuoting.appendQuoted(text, to: &out)
    }
}
