/// The framing and connection rules applied to a syntactically valid head (RFC 9112 §6, §9).
extension HTTPHeadParser {
    /// Content-Length values with more digits than this are certainly past any body limit.
    static let maxContentLengthDigits = 15

    static func interpret(
        _ line: (method: String, target: String, version: HTTPVersion),
        headers: HTTPHeaders,
        maxBodyBytes: Int
    ) -> Result<HTTPRequestHead, HTTPParseError> {
        let fields = FramingFields(headers)
        let lengths = fields.contentLength, codings = fields.transferEncoding
        if fields.hostCount > 1 { return .failure(.badRequest("more than one Host")) }
        if line.version == .http1_1 && fields.hostCount == 0 { return .failure(.badRequest("missing Host")) }
        if !lengths.isEmpty && !codings.isEmpty {
            return .failure(.badRequest("both Content-Length and Transfer-Encoding"))
        }
        if lengths.count > 1 { return .failure(.badRequest("duplicate Content-Length")) }

        var framing = HTTPRequestHead.Framing.none
        if let length = lengths.first {
            let digits = length.utf8
            guard !digits.isEmpty, digits.allSatisfy(isDigit) else {
                return .failure(.badRequest("invalid Content-Length"))
            }
            guard digits.count <= maxContentLengthDigits, let value = Int(length), value <= maxBodyBytes else {
                return .failure(.bodyTooLarge)
            }
            framing = value > 0 ? .length(value) : .none
        } else if !codings.isEmpty {
            // Only a lone `chunked` is understood; anything else cannot be framed safely.
            if line.version == .http1_0 { return .failure(.badRequest("Transfer-Encoding in HTTP/1.0")) }
            let list = codings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingOWS().lowercased() }
            guard list == ["chunked"] else { return .failure(.badRequest("unsupported Transfer-Encoding")) }
            framing = .chunked
        }

        let connectionTokens = fields.connection
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingOWS().lowercased() }
        let keepAlive: Bool
        if connectionTokens.contains("close") {
            keepAlive = false
        } else if line.version == .http1_1 {
            keepAlive = true
        } else {
            keepAlive = connectionTokens.contains("keep-alive")
        }

        let expectsContinue = line.version == .http1_1
            && fields.expect.contains { $0.trimmingOWS().lowercased() == "100-continue" }

        return .success(HTTPRequestHead(
            method: line.method, target: line.target, version: line.version, headers: headers,
            framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue,
            requestIDField: fields.requestID))
    }
}

/// The fields that decide framing and connection handling, gathered in one pass over the head.
struct FramingFields {
    var hostCount = 0
    var contentLength: [String] = []
    var transferEncoding: [String] = []
    var connection: [String] = []
    var expect: [String] = []
    var requestID: String?

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            switch name.utf8.count {
            case 4 where HTTPHeaders.equalsIgnoringCase(name, "host"): hostCount += 1
            case 14 where HTTPHeaders.equalsIgnoringCase(name, "content-length"): contentLength.append(value)
            case 17 where HTTPHeaders.equalsIgnoringCase(name, "transfer-encoding"): transferEncoding.append(value)
            case 10 where HTTPHeaders.equalsIgnoringCase(name, "connection"): connection.append(value)
            case 6 where HTTPHeaders.equalsIgnoringCase(name, "expect"): expect.append(value)
            case 12 where requestID == nil && HTTPHeaders.equalsIgnoringCase(name, "x-request-id"): requestID = value
            default: break
            }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingOWS() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
