/// Decodes a chunked request body byte by byte (RFC 9112 §7.1), so any split of the input
/// gives the same result. Chunk extensions are accepted and ignored; trailer fields are read
/// and discarded. Bounded: the size line, the trailer section and the body all have caps.
struct ChunkedRequestDecoder: Sendable {
    enum State: Sendable, Equatable {
        case size(value: Int, digits: Int)
        case sizeWhitespace(value: Int)
        case chunkExtension(value: Int, length: Int)
        case sizeLF(value: Int)
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart(total: Int)
        case trailerLine(total: Int)
        case trailerLF(total: Int, emptyLine: Bool)
        case done
    }

    enum Outcome: Equatable {
        case needMore
        case done
        case failed(HTTPParseError)
    }

    static let maxSizeLineBytes = 1024
    static let maxHexDigits = 15

    private(set) var state = State.size(value: 0, digits: 0)
    let maxTrailerBytes: Int

    init(maxTrailerBytes: Int) {
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Consumes from `bytes`, appending chunk data to `body`. Returns how many bytes were used.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, into body: inout [UInt8], maxBodyBytes: Int)
        -> (consumed: Int, outcome: Outcome)
    {
        var i = 0
        while i < bytes.count {
            if case .data(let remaining) = state {
                let take = min(remaining, bytes.count - i)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
                continue
            }
            let byte = bytes[i]
            i += 1
            if let error = step(byte, bodyCount: body.count, maxBodyBytes: maxBodyBytes) {
                return (i, .failed(error))
            }
            if state == .done { return (i, .done) }
        }
        return (i, .needMore)
    }

    private mutating func step(_ byte: UInt8, bodyCount: Int, maxBodyBytes: Int) -> HTTPParseError? {
        let cr: UInt8 = 13, lf: UInt8 = 10
        switch state {
        case .size(let value, let digits):
            if let hex = HTTPRequest.hexValue(byte) {
                guard digits < Self.maxHexDigits else { return .badRequest("chunk size too long") }
                state = .size(value: value << 4 | Int(hex), digits: digits + 1)
                return nil
            }
            guard digits > 0 else { return .badRequest("bad chunk size") }
            if bodyCount + value > maxBodyBytes { return .bodyTooLarge }
            switch byte {
            case cr: state = .sizeLF(value: value)
            case UInt8(ascii: ";"): state = .chunkExtension(value: value, length: digits + 1)
            case UInt8(ascii: " "), UInt8(ascii: "\t"): state = .sizeWhitespace(value: value)
            default: return .badRequest("bad chunk size")
            }
        case .sizeWhitespace(let value):
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): break
            case UInt8(ascii: ";"): state = .chunkExtension(value: value, length: 1)
            default: return .badRequest("bad chunk size")
            }
        case .chunkExtension(let value, let length):
            guard length < Self.maxSizeLineBytes else { return .badRequest("chunk extension too long") }
            if byte == cr {
                state = .sizeLF(value: value)
            } else if byte < 0x20 && byte != 9 || byte == 0x7F {
                return .badRequest("bad chunk extension")
            } else {
                state = .chunkExtension(value: value, length: length + 1)
            }
        case .sizeLF(let value):
            guard byte == lf else { return .badRequest("bad chunk size line") }
            state = value == 0 ? .trailerLineStart(total: 0) : .data(remaining: value)
        case .data:
            preconditionFailure("data is consumed in bulk by feed")
        case .dataCR:
            guard byte == cr else { return .badRequest("chunk data not followed by CRLF") }
            state = .dataLF
        case .dataLF:
            guard byte == lf else { return .badRequest("chunk data not followed by CRLF") }
            state = .size(value: 0, digits: 0)
        case .trailerLineStart(let total), .trailerLine(let total):
            guard total < maxTrailerBytes else { return .headTooLarge }
            let atStart = if case .trailerLineStart = state { true } else { false }
            if byte == cr {
                state = .trailerLF(total: total + 1, emptyLine: atStart)
            } else if byte == lf || byte == 0 || (atStart && (byte == 32 || byte == 9)) {
                return .badRequest("bad trailer section")
            } else {
                state = .trailerLine(total: total + 1)
            }
        case .trailerLF(let total, let emptyLine):
            guard byte == lf else { return .badRequest("bare CR in trailer section") }
            state = emptyLine ? .done : .trailerLineStart(total: total + 1)
        case .done:
            preconditionFailure("fed after the last chunk")
        }
        return nil
    }
}
