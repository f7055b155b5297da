import TestSupport
import Testing
@testable import HTTP

/// Fuzz-style: random bytes and random mutations of valid requests, cut at random points.
/// Fixed seeds, bounded iterations. Every input must end in requests, an error or "need more",
/// without a crash, and the parser must never hold more unparsed head than the limit.
@Suite struct HTTPParserFuzzTests {
    static let seeds: [String] = [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /e?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nX-Request-Id: r1\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: 1\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\nHost: b\r\nExpect: 100-continue\r\n\r\n",
    ]

    static let interesting: [UInt8] = Array("\r\n :;,0123456789abcdefABCDEF\t\u{0}\u{7f}-chunked".utf8) + [0x80, 0xFF]

    static func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[position] = interesting.randomElement(using: &rng)!
            case 1: bytes.insert(interesting.randomElement(using: &rng)!, at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...8, using: &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    static func check(_ input: [UInt8], using rng: inout SplitMix64) {
        var driver = ParserDriver(maxHeaderBytes: 512, maxBodyBytes: 4096)
        var offset = 0
        while offset < input.count {
            let step = Int.random(in: 1...max(1, input.count - offset), using: &rng)
            driver.feed(Array(input[offset..<(offset + step)]))
            offset += step
            if case .head = driver.parser.state {
                #expect(driver.buffer.count <= 512 + 2, "unparsed head grew past the limit")
            }
        }
        let result = driver.result
        #expect(result.dropLast().allSatisfy { if case .request = $0 { true } else { false } })
    }

    @Test func survivesRandomMutationsOfValidRequests() {
        var rng = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<3000 {
            let seed = Array(Self.seeds.randomElement(using: &rng)!.utf8)
            Self.check(Self.mutate(seed, using: &rng), using: &rng)
        }
    }

    @Test func survivesRandomBytes() {
        var rng = SplitMix64(seed: 0x5EED_0002)
        for _ in 0..<2000 {
            let count = Int.random(in: 0...700, using: &rng)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &rng) ? interestingByte(&rng) : UInt8.random(in: 0...255, using: &rng)
            }
            Self.check(bytes, using: &rng)
        }
    }

    private func interestingByte(_ rng: inout SplitMix64) -> UInt8 {
        Self.interesting.randomElement(using: &rng)!
    }

    /// The same mutations against a live server: each connection gets an answer or a clean
    /// close within the timeout, and the server still serves afterwards.
    @Test func liveServerAnswersOrClosesEveryMutatedRequest() throws {
        try withServer({ $0.maxBodyBytes = 4096; $0.headerTimeout = .seconds(1) }) { server, _ in
            var rng = SplitMix64(seed: 0x5EED_0003)
            for _ in 0..<150 {
                let seed = Array(Self.seeds.randomElement(using: &rng)!.utf8)
                let client = try RawClient(port: server.port, timeout: 10)
                try? client.send(Self.mutate(seed, using: &rng))
                client.shutdownWrite()
                _ = try client.readToEnd()
            }
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
            #expect(TestDelegate.eventually { server.openConnections == 1 })
        }
    }
}
