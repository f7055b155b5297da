/// Reads one HTTP/1.1 response from a connection, strictly (RFC 9112): a bad status line,
/// obs-fold, a bare CR or LF, both Content-Length and Transfer-Encoding, differing
/// Content-Lengths, a transfer coding other than chunked, or a bad chunk size is an error,
/// never a guess. Head and body sizes are capped before they are buffered.
struct HTTPClientResponseParser {
    static let maximumHeadBytes = 64 * 1024
    static let maximumChunkLineBytes = 1024

    private let connection: HTTPClientConnection
    private let deadline: ContinuousClock.Instant
    private var cursor = 0

    private init(connection: HTTPClientConnection, deadline: ContinuousClock.Instant) {
        self.connection = connection
        self.deadline = deadline
    }

    /// How the body of a response is delimited.
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
        case close
    }

    /// The response, and whether the connection may carry another request.
    static func read(from connection: HTTPClientConnection, method: String, maximumBodyBytes: Int,
                     deadline: ContinuousClock.Instant) throws(HTTPClientError) -> (HTTPClientResponse, reusable: Bool) {
        var parser = HTTPClientResponseParser(connection: connection, deadline: deadline)
        defer { connection.buffer.removeFirst(parser.cursor) }
        let (head, framing, reusable) = try parser.readHeadAndFraming(method: method)
        let body: [UInt8]
        switch framing {
        case .none: body = []
        case .length(let length):
            guard length <= maximumBodyBytes else { throw .responseTooLarge(limit: maximumBodyBytes) }
            body = try parser.readExactly(length)
        case .chunked: body = try parser.readChunked(limit: maximumBodyBytes)
        case .close: body = try parser.readToClose(limit: maximumBodyBytes)
        }
        let response = HTTPClientResponse(status: head.status, reason: head.reason, headers: head.headers, body: body)
        return (response, reusable)
    }

    /// Reads a response head (skipping interim 1xx responses) and consumes it from the
    /// connection's buffer, leaving the body for an `HTTPClientBodyReader`.
    static func readHead(from connection: HTTPClientConnection, method: String,
                         deadline: ContinuousClock.Instant) throws(HTTPClientError) -> (Head, Framing, reusable: Bool) {
        var parser = HTTPClientResponseParser(connection: connection, deadline: deadline)
        defer { connection.buffer.removeFirst(parser.cursor) }
        return try parser.readHeadAndFraming(method: method)
    }

    private mutating func readHeadAndFraming(method: String) throws(HTTPClientError) -> (Head, Framing, reusable: Bool) {
        var head = try readHead()
        while (100..<200).contains(head.status) && head.status != 101 { head = try readHead() }
        var reusable = head.version == "HTTP/1.1"
        for value in head.values("connection") {
            for token in value.split(separator: ",") {
                switch Self.trim(token).lowercased() {
                case "close": reusable = false
                case "keep-alive" where head.version == "HTTP/1.0": reusable = true
                default: break
                }
            }
        }
        let transferEncoding = head.values("transfer-encoding")
        let contentLength = head.values("content-length")
        if method == "HEAD" || head.status == 204 || head.status == 304 || head.status == 101 {
            return (head, .none, reusable && head.status != 101)
        }
        if !transferEncoding.isEmpty {
            guard contentLength.isEmpty else { throw .malformedResponse("both Content-Length and Transfer-Encoding") }
            let codings = transferEncoding.flatMap { $0.split(separator: ",") }.map { Self.trim($0).lowercased() }
            guard codings == ["chunked"] else { throw .malformedResponse("unsupported transfer coding") }
            return (head, .chunked, reusable)
        }
        if let first = contentLength.first {
            let values = Set(contentLength.flatMap { $0.split(separator: ",") }.map { Self.trim($0) })
            guard values.count == 1, let text = values.first, !text.isEmpty, text.utf8.count <= 18,
                  text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let length = Int(text)
            else { throw .malformedResponse("bad Content-Length \(first.prefix(20))") }
            return (head, .length(length), reusable)
        }
        return (head, .close, false)
    }

    /// A parser over what the connection has buffered, for incremental body reads.
    static func incremental(_ connection: HTTPClientConnection, deadline: ContinuousClock.Instant) -> HTTPClientResponseParser {
        HTTPClientResponseParser(connection: connection, deadline: deadline)
    }

    /// Consumes what has been parsed so far from the connection's buffer.
    mutating func commit() {
        connection.buffer.removeFirst(cursor)
        cursor = 0
    }

    /// Up to `maximum` body bytes: what is buffered, or one read's worth. Nil when the peer closed.
    mutating func readSome(maximum: Int) throws(HTTPClientError) -> [UInt8]? {
        if available == 0, try connection.fill(deadline: deadline) == 0 { return nil }
        let count = min(available, maximum)
        defer { cursor += count }
        return Array(connection.buffer[cursor..<(cursor + count)])
    }

    /// The size from a chunk-size line; 0 is the last chunk.
    mutating func readChunkSize() throws(HTTPClientError) -> Int {
        let line = try readLine(limit: Self.maximumChunkLineBytes)
        let sizeText = line.prefix { $0 != UInt8(ascii: ";") }
        guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.allSatisfy({ Self.isHexDigit($0) }),
              let size = Int(String(decoding: sizeText, as: UTF8.self), radix: 16)
        else { throw .malformedResponse("bad chunk size") }
        return size
    }

    /// The CRLF after a chunk's data.
    mutating func readChunkEnd() throws(HTTPClientError) {
        guard try readLine(limit: 2).isEmpty else { throw .malformedResponse("chunk not followed by CRLF") }
    }

    /// Trailer fields after the last chunk, up to the empty line (discarded, size-capped).
    mutating func readTrailers() throws(HTTPClientError) {
        var trailerBytes = 0
        while true {
            let trailer = try readLine(limit: Self.maximumChunkLineBytes)
            trailerBytes += trailer.count
            guard trailerBytes <= Self.maximumHeadBytes else { throw .responseTooLarge(limit: Self.maximumHeadBytes) }
            if trailer.isEmpty { return }
        }
    }

    struct Head {
        var version: String
        var status: Int
        var reason: String
        var headers: [(name: String, value: String)]

        func values(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name }.map(\.value)
        }
    }

    private var available: Int { connection.buffer.count - cursor }

    private mutating func fill() throws(HTTPClientError) {
        guard try connection.fill(deadline: deadline) > 0 else { throw .connectionClosed }
    }

    /// The next line without its CRLF; a bare CR or LF inside it is an error.
    private mutating func readLine(limit: Int) throws(HTTPClientError) -> ArraySlice<UInt8> {
        var scanned = cursor
        while true {
            while scanned < connection.buffer.count {
                if connection.buffer[scanned] == 0x0A {
                    guard scanned > cursor, connection.buffer[scanned - 1] == 0x0D else { throw .malformedResponse("bare LF") }
                    let line = connection.buffer[cursor..<(scanned - 1)]
                    guard !line.contains(0x0D) else { throw .malformedResponse("bare CR") }
                    cursor = scanned + 1
                    return line
                }
                scanned += 1
            }
            guard scanned - cursor <= limit else { throw .responseTooLarge(limit: limit) }
            try fill()
        }
    }

    private mutating func readHead() throws(HTTPClientError) -> Head {
        let start = cursor
        let statusLine = String(decoding: try readLine(limit: Self.maximumHeadBytes), as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0",
              parts[1].utf8.count == 3, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let status = Int(parts[1]), status >= 100
        else { throw .malformedResponse("bad status line") }
        var headers: [(name: String, value: String)] = []
        while true {
            let line = try readLine(limit: Self.maximumHeadBytes)
            guard cursor - start <= Self.maximumHeadBytes else { throw .responseTooLarge(limit: Self.maximumHeadBytes) }
            if line.isEmpty { break }
            guard let first = line.first, first != 0x20, first != 0x09 else { throw .malformedResponse("obs-fold") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(HTTPClientRequest.isTokenByte)
            else { throw .malformedResponse("bad header line") }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = Self.trim(String(decoding: line[(colon + 1)...], as: UTF8.self))
            headers.append((name, value))
        }
        return Head(version: String(parts[0]), status: status,
                    reason: parts.count > 2 ? String(parts[2]) : "", headers: headers)
    }

    private mutating func readExactly(_ count: Int) throws(HTTPClientError) -> [UInt8] {
        while available < count { try fill() }
        defer { cursor += count }
        return Array(connection.buffer[cursor..<(cursor + count)])
    }

    private mutating func readChunked(limit: Int) throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        while case let size = try readChunkSize(), size > 0 {
            guard body.count + size <= limit else { throw .responseTooLarge(limit: limit) }
            body += try readExactly(size)
            try readChunkEnd()
        }
        try readTrailers()
        return body
    }

    private mutating func readToClose(limit: Int) throws(HTTPClientError) -> [UInt8] {
        repeat {
            guard available <= limit else { throw .responseTooLarge(limit: limit) }
        } while try connection.fill(deadline: deadline) > 0
        defer { cursor = connection.buffer.count }
        return Array(connection.buffer[cursor...])
    }

    /// `value` without leading and trailing spaces and tabs (optional whitespace, RFC 9110 §5.6.3).
    static func trim(_ value: some StringProtocol) -> String {
        String(HTTPHeaders.trimmingOWS(Substring(value)))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}

