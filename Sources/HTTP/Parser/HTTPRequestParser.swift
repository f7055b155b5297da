/// The HTTP/1.1 request parser as a pure state machine: bytes in, events out, no I/O.
///
/// Ownership: the caller owns the input buffer and drops the bytes reported as consumed.
/// A head is consumed only when complete (it stays in the caller's buffer until then, which is
/// what `maxHeaderBytes` bounds); body bytes are copied into the parser as they arrive.
/// Every input ends in `.needMore`, a request, or an error; after an error the parser stays failed.
struct HTTPRequestParser: Sendable {
    enum Event {
        /// Nothing complete yet; feed more bytes.
        case needMore
        /// The head is complete and a body follows (the place to send `100 Continue`).
        case head(HTTPRequestHead)
        /// A complete request. The parser is ready for the next one.
        case request(HTTPRequestHead, body: [UInt8])
        case failed(HTTPParseError)
    }

    enum State {
        case head(scanned: Int)
        case body(HTTPRequestHead, remaining: Int)
        case chunked(HTTPRequestHead, ChunkedRequestDecoder)
        case failed(HTTPParseError)
    }

    let maxHeaderBytes: Int
    let maxBodyBytes: Int
    private(set) var state = State.head(scanned: 0)
    private var body: [UInt8] = []
    /// What the last head revealed before an error (for logging the error response).
    private(set) var partial = HTTPRequestHeadParser.Partial()

    init(maxHeaderBytes: Int, maxBodyBytes: Int) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// True between the first byte of a request and its end.
    var isMidRequest: Bool {
        if case .head(let scanned) = state { return scanned > 0 }
        return true
    }

    /// Convenience for tests and callers holding an array.
    mutating func next(_ bytes: [UInt8], from start: Int = 0) -> (consumed: Int, event: Event) {
        bytes.withUnsafeBufferPointer { next(UnsafeBufferPointer(rebasing: $0[start...])) }
    }

    mutating func next(_ bytes: UnsafeBufferPointer<UInt8>) -> (consumed: Int, event: Event) {
        var consumed = 0
        while true {
            let rest = UnsafeBufferPointer(rebasing: bytes[consumed...])
            switch state {
            case .failed(let error):
                return (consumed, .failed(error))
            case .head(let scanned):
                // RFC 9112 §2.2: ignore empty lines before a request line.
                if scanned == 0, rest.count >= 2, rest[0] == 13, rest[1] == 10 {
                    consumed += 2
                    continue
                }
                if scanned == 0, rest.count == 1, rest[0] == 13 { return (consumed, .needMore) }
                return finishHead(rest, scanned: scanned, consumedBefore: consumed)
            case .body(let head, let remaining):
                let take = min(remaining, rest.count)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<take]))
                consumed += take
                if take < remaining {
                    state = .body(head, remaining: remaining - take)
                    return (consumed, .needMore)
                }
                return (consumed, complete(head))
            case .chunked(let head, var decoder):
                let (used, outcome) = decoder.feed(rest, into: &body, maxBodyBytes: maxBodyBytes)
                consumed += used
                switch outcome {
                case .needMore:
                    state = .chunked(head, decoder)
                    return (consumed, .needMore)
                case .done:
                    return (consumed, complete(head))
                case .failed(let error):
                    return (consumed, fail(error))
                }
            }
        }
    }

    private mutating func finishHead(_ rest: UnsafeBufferPointer<UInt8>, scanned: Int, consumedBefore: Int)
        -> (consumed: Int, event: Event)
    {
        switch Self.scanHead(rest, from: scanned, maxHeaderBytes: maxHeaderBytes) {
        case .incomplete(let newScanned):
            state = .head(scanned: newScanned)
            return (consumedBefore, .needMore)
        case .failed(let error):
            return (consumedBefore, fail(error))
        case .complete(let end):
            partial = HTTPRequestHeadParser.Partial()
            let parsed = HTTPRequestHeadParser.parse(UnsafeBufferPointer(rebasing: rest[..<end]),
                                              maxBodyBytes: maxBodyBytes, partial: &partial)
            let consumed = consumedBefore + end
            switch parsed {
            case .failure(let error):
                return (consumed, fail(error))
            case .success(let head):
                switch head.framing {
                case .none:
                    return (consumed, complete(head))
                case .length(let length):
                    body.reserveCapacity(min(length, 64 << 10))
                    state = .body(head, remaining: length)
                case .chunked:
                    state = .chunked(head, ChunkedRequestDecoder(maxTrailerBytes: maxHeaderBytes))
                }
                return (consumed, .head(head))
            }
        }
    }

    private mutating func complete(_ head: HTTPRequestHead) -> Event {
        let finished = body
        body = []
        state = .head(scanned: 0)
        partial = HTTPRequestHeadParser.Partial()
        return .request(head, body: finished)
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        body = []
        return .failed(error)
    }

    enum Scan: Equatable {
        case incomplete(scanned: Int)
        case complete(end: Int)
        case failed(HTTPParseError)
    }

    /// Finds the CRLFCRLF that ends a head, refusing bare CR and bare LF as soon as they are seen.
    /// Resumable: `from` is what an earlier call already checked.
    static func scanHead(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, maxHeaderBytes: Int) -> Scan {
        var i = from
        while i < bytes.count {
            let byte = bytes[i]
            let previousIsCR = i > 0 && bytes[i - 1] == 13
            if previousIsCR && byte != 10 { return .failed(.badRequest("bare CR")) }
            if byte == 10 {
                guard previousIsCR else { return .failed(.badRequest("bare LF")) }
                if i >= 3 && bytes[i - 2] == 10 && bytes[i - 3] == 13 {
                    return i + 1 > maxHeaderBytes ? .failed(.headTooLarge) : .complete(end: i + 1)
                }
            }
            i += 1
            if i > maxHeaderBytes { return .failed(.headTooLarge) }
        }
        return .incomplete(scanned: i)
    }
}
