import Foundation

/// One complete request as parsed by the server (head and whole body).
public struct HTTPRequest: Sendable {
    /// The method token as sent (case-sensitive, e.g. `GET`).
    public var method: String
    /// The request target as sent (origin-form `/a?b`, absolute-form, or `*`).
    public var target: String
    /// The path part of the target: everything before `?`, not percent-decoded.
    /// For an absolute-form target it is the path of the URL (`/` when empty).
    public var path: String
    /// Everything after the first `?`, not decoded; nil when the target has no `?`.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The incoming `X-Request-Id` if it is 1-128 of `[A-Za-z0-9._-]`, else a fresh random id.
    public var requestID: String
    /// The peer as `ip:port` (`[ip]:port` for IPv6).
    public var remoteAddress: String
    /// When the head of this request was complete.
    public var receivedAt: ContinuousClock.Instant

    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        requestID: String = RequestID.generate(), remoteAddress: String = "",
        receivedAt: ContinuousClock.Instant = .now
    ) {
        self.method = method
        self.target = target
        (self.path, self.query) = Self.split(target: target)
        self.version = version
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        self.receivedAt = receivedAt
    }

    /// The first value of query parameter `name`, percent-decoded (`+` reads as a space).
    /// A parameter without `=` has the value "". Malformed escapes are kept literally.
    public func queryItem(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard Self.percentDecode(parts[0]) == name else { continue }
            return parts.count > 1 ? Self.percentDecode(parts[1]) : ""
        }
        return nil
    }

    static func split(target: String) -> (path: String, query: String?) {
        let utf8 = target.utf8
        var start = utf8.startIndex
        if utf8.first != UInt8(ascii: "/"), let colon = utf8.firstIndex(of: UInt8(ascii: ":")),
           utf8[colon...].starts(with: "://".utf8) {
            // absolute-form: skip scheme and authority.
            let authority = utf8.index(colon, offsetBy: 3)
            guard let pathStart = utf8[authority...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
                return ("/", nil)
            }
            start = pathStart
        }
        let rest = utf8[start...]
        guard let mark = rest.firstIndex(of: UInt8(ascii: "?")) else {
            return (start == utf8.startIndex ? target : String(Substring(rest)), nil)
        }
        let path = String(Substring(utf8[start..<mark]))
        return (path.isEmpty ? "/" : path, String(Substring(utf8[utf8.index(after: mark)...])))
    }

    static func percentDecode(_ text: Substring) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%"), i + 2 < bytes.count,
               let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
