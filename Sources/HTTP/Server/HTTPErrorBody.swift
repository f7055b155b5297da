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
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
