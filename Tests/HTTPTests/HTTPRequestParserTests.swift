import Testing
@testable import HTTP

/// The parser as a pure state machine: every row of the strictness table, then the same rows
/// split at every byte boundary (the result must not depend on how TCP cut the stream).
@Suite struct HTTPRequestParserTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let expected: [ParserDriver.Outcome]
        var testDescription: String { name }
    }

    static func ok(_ method: String, _ target: String, body: String = "", keepAlive: Bool = true) -> ParserDriver.Outcome {
        .request(method: method, target: target, body: Array(body.utf8), keepAlive: keepAlive)
    }

    static let rows: [Row] = [
        Row(name: "simple GET", input: "GET / HTTP/1.1\r\nHost: a\r\n\r\n", expected: [ok("GET", "/")]),
        Row(name: "query target", input: "GET /p?q=1&r HTTP/1.1\r\nHost: a\r\n\r\n", expected: [ok("GET", "/p?q=1&r")]),
        Row(name: "content-length body", input: "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
            expected: [ok("POST", "/e", body: "hello")]),
        Row(name: "content-length zero", input: "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
            expected: [ok("POST", "/e")]),
        Row(name: "chunked body", input: "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n",
            expected: [ok("POST", "/c", body: "hello world")]),
        Row(name: "chunked with trailer", input: "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n",
            expected: [ok("POST", "/c", body: "0123456789")]),
        Row(name: "pipelined three", input: "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            expected: [ok("GET", "/1"), ok("GET", "/2"), ok("GET", "/3", keepAlive: false)]),
        Row(name: "HTTP/1.0 without Host closes", input: "GET / HTTP/1.0\r\n\r\n", expected: [ok("GET", "/", keepAlive: false)]),
        Row(name: "HTTP/1.0 keep-alive", input: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", expected: [ok("GET", "/")]),
        Row(name: "leading empty line ignored", input: "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", expected: [ok("GET", "/")]),
        Row(name: "OWS around value", input: "GET / HTTP/1.1\r\nHost:   a \t\r\n\r\n", expected: [ok("GET", "/")]),
        Row(name: "absolute-form", input: "GET http://a/x?y HTTP/1.1\r\nHost: a\r\n\r\n", expected: [ok("GET", "http://a/x?y")]),
        Row(name: "OPTIONS *", input: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", expected: [ok("OPTIONS", "*")]),
        Row(name: "incomplete head", input: "GET / HTTP/1.1\r\nHost: a\r\n", expected: [.needMore]),
        Row(name: "incomplete body", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc", expected: [.needMore]),

        Row(name: "CL and TE", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "duplicate CL", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", expected: [.failed(status: 400)]),
        Row(name: "CL list", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nx", expected: [.failed(status: 400)]),
        Row(name: "CL sign", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx", expected: [.failed(status: 400)]),
        Row(name: "CL hex", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x1\r\n\r\nx", expected: [.failed(status: 400)]),
        Row(name: "CL empty", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "TE gzip", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "TE chunked then gzip", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "TE chunked twice", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "TE in HTTP/1.0", input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "chunk size not hex", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", expected: [.failed(status: 400)]),
        Row(name: "chunk size empty", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "chunk size overflow", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n", expected: [.failed(status: 400)]),
        Row(name: "chunk size negative", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", expected: [.failed(status: 400)]),
        Row(name: "chunk data too long", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "chunk size bare LF", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "obs-fold", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "bare CR in value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "bare LF line end", input: "GET / HTTP/1.1\nHost: a\n\n", expected: [.failed(status: 400)]),
        Row(name: "NUL in value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "invalid header name", input: "GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "empty header name", input: "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "no colon", input: "GET / HTTP/1.1\r\nHost: a\r\nXA\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "space before colon", input: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "missing Host on 1.1", input: "GET / HTTP/1.1\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "two Hosts", input: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "bad method", input: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "two spaces", input: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "no version", input: "GET /\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "lowercase version", input: "GET / http/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "version 1.10", input: "GET / HTTP/1.10\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "target without slash", input: "GET abc HTTP/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "target with fragment", input: "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "asterisk on GET", input: "GET * HTTP/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "control in target", input: "GET /a\u{7f} HTTP/1.1\r\nHost: a\r\n\r\n", expected: [.failed(status: 400)]),
        Row(name: "HTTP/2.0", input: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", expected: [.failed(status: 505)]),
        Row(name: "HTTP/0.9 style version", input: "GET / HTTP/0.9\r\nHost: a\r\n\r\n", expected: [.failed(status: 505)]),
        Row(name: "HTTP/1.2", input: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", expected: [.failed(status: 505)]),
        Row(name: "CL over limit", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", expected: [.failed(status: 413)]),
        Row(name: "CL with 30 digits", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999999999999999999999\r\n\r\n", expected: [.failed(status: 413)]),
        Row(name: "chunked over limit", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", expected: [.failed(status: 413)]),
        Row(name: "chunks summing over limit", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nFFFFE\r\n", expected: [.failed(status: 413)]),
    ]

    @Test(arguments: rows)
    func parsesRowAsTheTableSays(_ row: Row) {
        #expect(ParserDriver.run(Array(row.input.utf8)) == row.expected)
    }

    @Test(arguments: rows)
    func givesTheSameResultSplitAtEveryByte(_ row: Row) {
        let input = Array(row.input.utf8)
        for split in 0...input.count {
            let outcome = ParserDriver.run(input, splitAt: split)
            #expect(outcome == row.expected, "split at \(split)")
            if outcome != row.expected { return }
        }
    }

    @Test func feedsOneByteAtATime() {
        let input = Array("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        var driver = ParserDriver()
        for byte in input { driver.feed([byte]) }
        #expect(driver.result == [Self.ok("POST", "/c", body: "hello"), Self.ok("GET", "/")])
        #expect(driver.heads == 1)
    }

    @Test func refusesHeadPastLimitWithoutWaitingForItsEnd() {
        var driver = ParserDriver(maxHeaderBytes: 1024)
        driver.feed(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Big: ".utf8) + [UInt8](repeating: 65, count: 2000))
        #expect(driver.result == [.failed(status: 431)])
    }

    @Test func refusesHeadPastLimitEvenWhenComplete() {
        var driver = ParserDriver(maxHeaderBytes: 1024)
        driver.feed(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "a", count: 1100))\r\n\r\n".utf8))
        #expect(driver.result == [.failed(status: 431)])
    }

    @Test func reportsHeadBeforeBodySoContinueCanBeSent() {
        var driver = ParserDriver()
        driver.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        #expect(driver.heads == 1)
        #expect(driver.result == [.needMore])
        driver.feed(Array("abc".utf8))
        #expect(driver.result == [Self.ok("POST", "/", body: "abc")])
    }

    @Test func keepsReportingTheErrorAfterFailing() {
        var parser = HTTPRequestParser(maxHeaderBytes: 1024, maxBodyBytes: 1024)
        _ = parser.next(Array("GET / HTTP/3.0\r\nHost: a\r\n\r\n".utf8))
        let (_, event) = parser.next(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .failed(let error) = event else {
            Issue.record("expected a failure, got \(event)")
            return
        }
        #expect(error == .versionNotSupported)
    }

    @Test func exposesHeadFieldsAndFraming() {
        var parser = HTTPRequestParser(maxHeaderBytes: 1024, maxBodyBytes: 1024)
        let (_, event) = parser.next(Array("GET /x HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc-1\r\nExpect: 100-continue\r\n\r\n".utf8))
        guard case .request(let head, let body) = event else {
            Issue.record("expected a request, got \(event)")
            return
        }
        #expect(head.requestIDField == "abc-1")
        #expect(head.headers.first(name: "HOST") == "a")
        #expect(head.framing == .none)
        #expect(head.expectsContinue)
        #expect(body.isEmpty)
    }
}
