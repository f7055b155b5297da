@testable import HTTP

/// Feeds a parser the way a connection does (buffer, consume, keep the rest) and records
/// what came out, so every test can compare outcomes and not parser internals.
struct ParserDriver {
    enum Outcome: Equatable, CustomStringConvertible {
        case request(method: String, target: String, body: [UInt8], keepAlive: Bool)
        case failed(status: Int)
        case needMore

        var description: String {
            switch self {
            case .request(let method, let target, let body, let keepAlive):
                "request(\(method) \(target), \(body.count) body bytes, keepAlive \(keepAlive))"
            case .failed(let status): "failed(\(status))"
            case .needMore: "needMore"
            }
        }
    }

    var parser: HTTPRequestParser
    var buffer: [UInt8] = []
    var outcomes: [Outcome] = []
    var heads = 0

    init(maxHeaderBytes: Int = 16 << 10, maxBodyBytes: Int = 1 << 20) {
        parser = HTTPRequestParser(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes)
    }

    /// Adds bytes and runs the parser until it needs more or failed.
    mutating func feed(_ bytes: [UInt8]) {
        if case .failed = outcomes.last { return }
        buffer += bytes
        while true {
            let (consumed, event) = parser.next(buffer)
            buffer.removeFirst(consumed)
            switch event {
            case .needMore:
                return
            case .head:
                heads += 1
            case .request(let head, let body):
                outcomes.append(.request(method: head.method, target: head.target, body: body, keepAlive: head.keepAlive))
                if buffer.isEmpty { return }
            case .failed(let error):
                outcomes.append(.failed(status: error.status))
                return
            }
        }
    }

    /// All outcomes, with a trailing `.needMore` when input is left over or a request is unfinished.
    var result: [Outcome] {
        if case .failed = outcomes.last { return outcomes }
        return parser.isMidRequest || !buffer.isEmpty ? outcomes + [.needMore] : outcomes
    }

    static func run(_ input: [UInt8], splitAt split: Int? = nil, maxBodyBytes: Int = 1 << 20) -> [Outcome] {
        var driver = ParserDriver(maxBodyBytes: maxBodyBytes)
        if let split {
            driver.feed(Array(input[..<split]))
            driver.feed(Array(input[split...]))
        } else {
            driver.feed(input)
        }
        return driver.result
    }
}
