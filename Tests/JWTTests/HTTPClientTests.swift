import Foundation
import HTTP
import Testing

/// The HTTP/1.1 client against a scripted loopback server: framing, limits, errors, pooling.
struct HTTPClientTests {
    static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"

    func get(_ server: ScriptedHTTPServer, _ client: HTTPClient = HTTPClient(), path: String = "/",
             limit: Int? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)\(path)", maximumResponseBytes: limit),
                                 timeout: .seconds(5))
    }

    @Test func readsContentLengthBody() async throws {
        let server = try ScriptedHTTPServer { _ in .init(Self.ok) }
        defer { server.stop() }
        let response = try await get(server)
        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
        #expect(response.header("content-length") == "5")
    }

    @Test func readsChunkedBodyWithExtensionsAndTrailers() async throws {
        let server = try ScriptedHTTPServer { _ in
            .init("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n")
        }
        defer { server.stop() }
        #expect(try await get(server).body == Array("hello 0123456789".utf8))
    }

    @Test func readsCloseDelimitedBody() async throws {
        let server = try ScriptedHTTPServer { _ in .init("HTTP/1.0 200 OK\r\n\r\nuntil close", close: true) }
        defer { server.stop() }
        #expect(try await get(server).body == Array("until close".utf8))
    }

    @Test func reusesKeepAliveConnections() async throws {
        let server = try ScriptedHTTPServer { _ in .init(Self.ok) }
        defer { server.stop() }
        let client = HTTPClient()
        for _ in 0..<20 { _ = try await get(server, client) }
        #expect(server.connections == 1)
        #expect(server.requests == 20)
        #expect(client.idleConnectionCount(for: "http://127.0.0.1:\(server.port)/") == 1)
    }

    @Test func concurrentRequestsStayWithinThePoolBound() async throws {
        let server = try ScriptedHTTPServer { _ in .init(Self.ok) }
        defer { server.stop() }
        let client = HTTPClient(configuration: HTTPClientConfiguration(maximumConnectionsPerHost: 3))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    let response = try await get(server, client)
                    #expect(response.status == 200)
                }
            }
            try await group.waitForAll()
        }
        #expect(server.connections <= 3)
        #expect(server.requests == 60)
    }

    @Test func doesNotReuseAConnectionTheServerCloses() async throws {
        let server = try ScriptedHTTPServer { _ in .init("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", close: true) }
        defer { server.stop() }
        let client = HTTPClient()
        for _ in 0..<3 { _ = try await get(server, client) }
        #expect(server.connections == 3)
    }

    @Test func retriesOnceWhenAPooledConnectionWasClosed() async throws {
        // Keep-alive is announced, but the server closes after each response.
        let server = try ScriptedHTTPServer { _ in .init(Self.ok, close: true) }
        defer { server.stop() }
        let client = HTTPClient()
        for _ in 0..<3 { #expect(try await get(server, client).status == 200) }
        #expect(server.requests == 3)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello", "both"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "two lengths"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "negative length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello", "hex length"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "gzip"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", "chunk without CRLF"),
        ("HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n", "obs-fold"),
        ("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", "bare LF"),
        ("HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 0\r\n\r\n", "bare CR"),
        ("HTTP/2 200 OK\r\n\r\n", "version"),
        ("HTTP/1.1 2000 OK\r\n\r\n", "status"),
        ("ICY 200 OK\r\n\r\n", "not HTTP"),
        ("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "header without colon"),
    ])
    func refusesMalformedResponses(_ response: String, _ label: String) async throws {
        let server = try ScriptedHTTPServer { _ in .init(response, close: true) }
        defer { server.stop() }
        do {
            _ = try await get(server)
            Issue.record("accepted \(label)")
        } catch {
            switch error {
            case .malformedResponse, .connectionClosed: break
            default: Issue.record("\(label): \(error)")
            }
        }
    }

    @Test func refusesBodiesOverTheCap() async throws {
        let big = String(repeating: "x", count: 2000)
        let server = try ScriptedHTTPServer { line in
            line.contains("/chunked")
                ? .init("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7D0\r\n\(big)\r\n0\r\n\r\n")
                : line.contains("/close") ? .init("HTTP/1.0 200 OK\r\n\r\n\(big)", close: true)
                : .init("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n\(big)")
        }
        defer { server.stop() }
        for path in ["/length", "/chunked", "/close"] {
            await #expect(throws: HTTPClientError.responseTooLarge(limit: 1000)) { try await get(server, path: path, limit: 1000) }
        }
        #expect(try await get(server, path: "/length", limit: 2000).body.count == 2000)
    }

    @Test func refusesHugeHeaders() async throws {
        let server = try ScriptedHTTPServer { _ in
            .init("HTTP/1.1 200 OK\r\n" + String(repeating: "X-Pad: \(String(repeating: "p", count: 1000))\r\n", count: 100) + "\r\n")
        }
        defer { server.stop() }
        await #expect(throws: HTTPClientError.responseTooLarge(limit: 65536)) { try await get(server) }
    }

    @Test func timesOutOnASilentServer() async throws {
        let server = try ScriptedHTTPServer { _ in .init(bytes: []) }
        defer { server.stop() }
        await #expect(throws: HTTPClientError.timeout) {
            try await HTTPClient().execute(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/"), timeout: .milliseconds(300))
        }
    }

    @Test func reportsConnectionRefused() async throws {
        let server = try ScriptedHTTPServer { _ in .init(Self.ok) }
        let port = server.port
        server.stop()
        await #expect(throws: HTTPClientError.connectionRefused) {
            try await HTTPClient().execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"), timeout: .seconds(2))
        }
    }

    @Test(arguments: ["ftp://example.com/", "not a url", "http://", "/relative"])
    func refusesInvalidURLs(_ url: String) async {
        await #expect(throws: HTTPClientError.invalidURL(url)) {
            try await HTTPClient().execute(HTTPClientRequest(url: url), timeout: .seconds(1))
        }
    }

    @Test func refusesHeaderInjection() async {
        let request = HTTPClientRequest(url: "http://127.0.0.1:1/", headers: [("X-Evil", "a\r\nHost: evil")])
        await #expect(throws: HTTPClientError.invalidRequest("bad value for header X-Evil")) {
            try await HTTPClient().execute(request, timeout: .seconds(1))
        }
    }

    @Test func sendsBodyWithContentLength() async throws {
        let server = try ScriptedHTTPServer { line in .init(line.hasPrefix("POST /echo ") ? Self.ok : "HTTP/1.1 400 Bad\r\nContent-Length: 0\r\n\r\n") }
        defer { server.stop() }
        let request = HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(server.port)/echo",
                                        headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        #expect(try await HTTPClient().execute(request, timeout: .seconds(5)).status == 200)
    }

    @Test func cancellationEndsABlockedRequest() async throws {
        let server = try ScriptedHTTPServer { _ in .init(bytes: []) }
        defer { server.stop() }
        let task = Task { try await HTTPClient().execute(HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/"), timeout: .seconds(60)) }
        while server.requests == 0 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        await #expect(throws: HTTPClientError.cancelled) { try await task.value }
    }
}
