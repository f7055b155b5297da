import Glibc

/// Writes response heads. The server owns the framing fields (`Date`, `Content-Length`,
/// `Transfer-Encoding`, `Connection`, `X-Request-Id`); the same names from the delegate are
/// dropped, and so is any field whose name or value could split the response (CR, LF, NUL).
/// Confined to one event loop (it caches the Date line per second).
struct ResponseSerializer {
    enum Framing {
        case length(Int)
        case chunked
        /// HTTP/1.0 stream: the body ends when the connection closes.
        case untilClose
        /// 1xx, 204, 304: no body and no length.
        case noBody
    }

    private var cachedSecond = -1
    private var cachedDateLine: [UInt8] = []

    static let ownedFields = ["date", "content-length", "transfer-encoding", "connection", "x-request-id"]

    static func isOwned(_ name: String) -> Bool {
        ownedFields.contains { HTTPHeaders.equalsIgnoringCase($0, name) }
    }

    mutating func head(status: Int, headers: HTTPHeaders, framing: Framing, keepAlive: Bool, requestID: String)
        -> [UInt8]
    {
        // Bytes appended directly: string interpolation here built three temporary Strings per
        // response, 3-5 % of a /health request's CPU in the profile (BENCHMARKS.md).
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status, to: &out)
        out.append(0x20)
        out.append(contentsOf: Self.reason(status).utf8)
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: dateLine())
        switch framing {
        case .length(let length):
            out.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(length, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        case .chunked: out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .untilClose, .noBody: break
        }
        out.append(contentsOf: (keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n").utf8)
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: requestID.utf8)
        out.append(contentsOf: "\r\n".utf8)
        for (name, value) in headers where Self.isSafe(name: name, value: value) {
            if Self.isOwned(name) { continue }
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        return out
    }

    /// Appends `value` in decimal ASCII (a status code or a length: never negative here).
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        let magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        var rest = magnitude
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func bodyAllowed(status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    static func isSafe(name: String, value: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(HTTPRequestHeadParser.isTokenByte)
            && !value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }

    /// `Date: <IMF-fixdate>\r\n`, rebuilt once a second.
    private mutating func dateLine() -> [UInt8] {
        var now = time(nil)
        if now == cachedSecond { return cachedDateLine }
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let text = "Date: \(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT\r\n"
        cachedSecond = now
        cachedDateLine = Array(text.utf8)
        return cachedDateLine
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}
