/// The framing and connection rules applied to a syntactically valid head (RFC 9112 §6, §9).
extension HTTPRequestHeadParser {
    /// Content-Length values with more digits than this are certainly past any body limit.
    static let maxContentLengthDigits = 15

    static func interpret(
        _ line: (method: String, target: String, version: HTTPVersion),
        headers: HTTPHeaders,
        maxBodyBytes: Int
    ) -> Result<HTTPRequestHead, HTTPParseError> {
        let fields = RequestFramingFields(headers)
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
                .map { HTTPRequestHeadParser.normalizedToken($0) }
            guard list == ["chunked"] else { return .failure(.badRequest("unsupported Transfer-Encoding")) }
            framing = .chunked
        }

        let connectionTokens = fields.connection
            .flatMap { $0.split(separator: ",") }
            .map { HTTPRequestHeadParser.normalizedToken($0) }
        let keepAlive: Bool
        if connectionTokens.contains("close") {
            keepAlive = false
        } else if line.version == .http1_1 {
            keepAlive = true
        } else {
            keepAlive = connectionTokens.contains("keep-alive")
        }

        let expectsContinue = line.version == .http1_1
            && fields.expect.contains { HTTPRequestHeadParser.normalizedToken($0) == "100-continue" }

        return .success(HTTPRequestHead(
            method: line.method, target: line.target, version: line.version, headers: headers,
            framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue,
            requestIDField: fields.requestID))
    }
}

extension HTTPRequestHeadParser {
    /// A list element without surrounding OWS (spaces, tabs), lowercased: how tokens compare.
    static func normalizedToken(_ text: some StringProtocol) -> String {
        HTTPHeaders.trimmingOWS(Substring(text)).lowercased()
    }
}
