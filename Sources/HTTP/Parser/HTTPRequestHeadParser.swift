/// Parses one complete request head (request line, fields, the empty line) into a validated
/// `HTTPRequestHead`. Pure: no I/O, no state. Strict by design (RFC 9112): every ambiguity
/// that could let two parsers frame a message differently is a 400, never a guess.
enum HTTPRequestHeadParser {
    static let cr: UInt8 = 13, lf: UInt8 = 10, sp: UInt8 = 32, ht: UInt8 = 9, colon: UInt8 = 58

    /// What the parser learned before failing, so an error response can still be logged well.
    struct Partial {
        var method: String?
        var target: String?
        var path: String? { target.map { HTTPRequest.split(target: $0).path } }
        var requestIDField: String?
    }

    /// `head` is the whole head including the final CRLFCRLF; line endings were already
    /// checked to be CRLF by the scanner.
    static func parse(_ head: UnsafeBufferPointer<UInt8>, maxBodyBytes: Int, partial: inout Partial)
        -> Result<HTTPRequestHead, HTTPParseError>
    {
        var lines: [Range<Int>] = []
        var lineStart = 0
        var i = 0
        while i + 1 < head.count {
            if head[i] == cr && head[i + 1] == lf {
                lines.append(lineStart..<i)
                i += 2
                lineStart = i
            } else {
                i += 1
            }
        }
        // The last two ranges are: the last field line, then the empty line.
        guard lines.count >= 2, lines.last!.isEmpty else { return .failure(.badRequest("unterminated head")) }
        lines.removeLast()

        let requestLine: (method: String, target: String, version: HTTPVersion)
        switch parseRequestLine(UnsafeBufferPointer(rebasing: head[lines[0]])) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): requestLine = parsed
        }
        partial.method = requestLine.method
        partial.target = requestLine.target

        var headers = HTTPHeaders()
        headers.fields.reserveCapacity(lines.count - 1)
        for range in lines.dropFirst() {
            switch parseField(UnsafeBufferPointer(rebasing: head[range])) {
            case .failure(let error):
                partial.requestIDField = headers.first(name: "x-request-id")
                return .failure(error)
            case .success(let field): headers.fields.append(field)
            }
        }
        let interpreted = interpret(requestLine, headers: headers, maxBodyBytes: maxBodyBytes)
        if case .failure = interpreted { partial.requestIDField = headers.first(name: "x-request-id") }
        return interpreted
    }

    static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>)
        -> Result<(method: String, target: String, version: HTTPVersion), HTTPParseError>
    {
        guard let firstSpace = line.firstIndex(of: sp), firstSpace > 0 else {
            return .failure(.badRequest("bad request line"))
        }
        let method = UnsafeBufferPointer(rebasing: line[..<firstSpace])
        guard method.allSatisfy(isTokenByte) else { return .failure(.badRequest("bad method")) }
        let rest = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)...])
        guard let secondSpace = rest.firstIndex(of: sp), secondSpace > 0 else {
            return .failure(.badRequest("bad request line"))
        }
        let target = UnsafeBufferPointer(rebasing: rest[..<secondSpace])
        let version = UnsafeBufferPointer(rebasing: rest[(secondSpace + 1)...])
        guard target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return .failure(.badRequest("bad request target")) }

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, exactly.
        guard version.count == 8, Array(version[0..<5]) == Array("HTTP/".utf8),
              isDigit(version[5]), version[6] == UInt8(ascii: "."), isDigit(version[7]) else {
            return .failure(.badRequest("bad HTTP version"))
        }
        let parsedVersion = HTTPVersion(major: Int(version[5] - 48), minor: Int(version[7] - 48))
        guard parsedVersion == .http1_1 || parsedVersion == .http1_0 else { return .failure(.versionNotSupported) }

        let methodString = String(decoding: method, as: UTF8.self)
        let targetString = String(decoding: target, as: UTF8.self)
        guard isAcceptableTarget(targetString, method: methodString) else {
            return .failure(.badRequest("bad request target"))
        }
        return .success((methodString, targetString, parsedVersion))
    }

    /// origin-form, absolute-form (http/https), or `*` for OPTIONS.
    static func isAcceptableTarget(_ target: String, method: String) -> Bool {
        if target.utf8.first == UInt8(ascii: "/") { return !target.contains("#") }
        if target == "*" { return method == "OPTIONS" }
        let lower = target.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && !target.contains("#")
    }

    static func parseField(_ line: UnsafeBufferPointer<UInt8>) -> Result<(name: String, value: String), HTTPParseError> {
        guard let first = line.first else { return .failure(.badRequest("empty field line")) }
        if first == sp || first == ht { return .failure(.badRequest("obsolete line folding")) }
        var colonIndex: Int?
        for (index, byte) in line.enumerated() {
            if byte == colon { colonIndex = index; break }
            if byte == sp || byte == ht { return .failure(.badRequest("whitespace before colon")) }
            guard isTokenByte(byte) else { return .failure(.badRequest("invalid header name")) }
        }
        guard let colonIndex, colonIndex > 0 else { return .failure(.badRequest("invalid header field")) }
        var start = colonIndex + 1, end = line.count
        while start < end, line[start] == sp || line[start] == ht { start += 1 }
        while end > start, line[end - 1] == sp || line[end - 1] == ht { end -= 1 }
        for index in start..<end {
            let byte = line[index]
            // field-vchar / SP / HTAB; obs-text (0x80-0xFF) allowed. Any other control is refused.
            if byte < 0x20 && byte != ht || byte == 0x7F {
                return .failure(.badRequest("invalid character in header value"))
            }
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colonIndex]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        return .success((name, value))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// tchar from RFC 9110 §5.6.2.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 48...57: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
