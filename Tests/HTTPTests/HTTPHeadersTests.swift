import Testing
@testable import HTTP

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesCaseInsensitivelyAndKeepsOrder() {
        var headers = HTTPHeaders([("Set-Cookie", "a"), ("X-A", "1"), ("set-cookie", "b")])
        #expect(headers["SET-COOKIE"] == ["a", "b"])
        #expect(headers.first(name: "x-a") == "1")
        headers.add(name: "x-a", value: "2")
        #expect(headers["X-A"] == ["1", "2"])
        headers.replaceOrAdd(name: "X-A", value: "3")
        #expect(headers["x-a"] == ["3"])
        #expect(headers.map(\.name) == ["Set-Cookie", "X-A", "set-cookie"])
        headers.remove(name: "SET-cookie")
        #expect(headers.count == 1)
        #expect(headers.first(name: "missing") == nil)
    }

    @Test(arguments: [("a", "A", true), ("@", "`", false), ("[", "{", false), ("ab", "a", false), ("", "", true)])
    func comparesOnlyLettersIgnoringCase(_ a: String, _ b: String, _ equal: Bool) {
        #expect(HTTPHeaders.equalsIgnoringCase(a, b) == equal)
    }

    @Test(arguments: [
        ("/p?a=1&b=x%20y&c", "b", "x y"), ("/p?a=1&c", "c", ""), ("/p?a=%zz", "a", "%zz"),
        ("/p?q=a+b", "q", "a b"), ("/p", "a", nil), ("http://h/x?y=1", "y", "1"),
    ] as [(String, String, String?)])
    func decodesQueryItems(_ target: String, _ name: String, _ value: String?) {
        #expect(HTTPRequest(method: "GET", target: target).queryItem(name) == value)
    }

    @Test(arguments: [("/a?b", "/a", "b"), ("/a", "/a", nil), ("http://h", "/", nil), ("http://h?x", "/", "x"),
                      ("https://h/p/q?r=1", "/p/q", "r=1"), ("*", "*", nil)] as [(String, String, String?)])
    func splitsTargetsIntoPathAndQuery(_ target: String, _ path: String, _ query: String?) {
        let request = HTTPRequest(method: "GET", target: target)
        #expect(request.path == path)
        #expect(request.query == query)
    }

    @Test(arguments: [("abc", true), ("A.b_c-9", true), ("", false), ("a b", false), ("é", false),
                      (String(repeating: "a", count: 128), true), (String(repeating: "a", count: 129), false)])
    func acceptsOnlySafeRequestIDs(_ candidate: String, _ valid: Bool) {
        #expect(RequestID.isValid(candidate) == valid)
    }

    @Test func generatesDistinctHexRequestIDs() {
        let ids = Set((0..<100).map { _ in RequestID.generate() })
        #expect(ids.count == 100)
        #expect(ids.allSatisfy { RequestID.isValid($0) && $0.count == 32 })
    }

    @Test func dropsServerOwnedAndUnsafeFieldsFromResponses() {
        var serializer = ResponseSerializer()
        let head = serializer.head(
            status: 200,
            headers: HTTPHeaders([("Content-Length", "99"), ("X-Ok", "1"), ("X-Bad", "a\r\nInjected: 1"), ("Connection", "x")]),
            framing: .length(2), keepAlive: true, requestID: "r")
        let text = String(decoding: head, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nDate: "))
        #expect(text.contains("\r\nContent-Length: 2\r\n"))
        #expect(!text.contains("99"))
        #expect(!text.contains("Injected"))
        #expect(text.contains("\r\nX-Ok: 1\r\n"))
        #expect(text.contains("\r\nConnection: keep-alive\r\n"))
        #expect(text.hasSuffix("X-Request-Id: r\r\nX-Ok: 1\r\n\r\n"))
    }

    @Test func writesTheErrorBodyAsJSON() {
        let body = String(decoding: HTTPErrorBody.json(code: "bad_request", message: "a \"q\"\n", requestID: "r1"), as: UTF8.self)
        #expect(body == #"{"error":{"code":"bad_request","message":"a \"q\"\n"},"requestId":"r1"}"#)
    }

    @Test func splitsRepeatedCommaListsIntoLowercasedTokens() {
        let headers = HTTPHeaders([("Seqthink-Encoding", " LZ4 ,\tidentity"), ("X-Other", "lz4"),
                                   ("seqthink-encoding", ",, Gzip ,"), ("SEQTHINK-ENCODING", "")])
        #expect(headers.tokens(name: "Seqthink-Encoding") == ["lz4", "identity", "gzip"])
        #expect(headers.tokens(name: "Missing").isEmpty)
        #expect(HTTPHeaders.trimmingOWS(" \t a b \t") == "a b")
        #expect(HTTPHeaders.trimmingOWS(" \t ") == "")
        // Only spaces and tabs are optional whitespace; other characters stay.
        #expect(HTTPHeaders.trimmingOWS("\u{A0}x\n") == "\u{A0}x\n")
    }
}
