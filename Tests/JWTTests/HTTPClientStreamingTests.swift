import Foundation
import HTTP
import Testing

/// `HTTPClient.stream`: bodies read on demand, the connection back in the pool at the end,
/// closed when abandoned, and a read timeout per wait.
struct HTTPClientStreamingTests {
    static let events = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "f\r\nevent: message\n\r\n" + "e\r\ndata: {\"a\":1}\n\r\n" + "1\r\n\n\r\n" + "0\r\n\r\n"

    static func request(_ server: ScriptedHTTPServer, _ path: String = "/sse") -> HTTPClientRequest {
        HTTPClientRequest(url: "http://127.0.0.1:\(server.port)\(path)", headers: [("Accept", "text/event-stream")])
    }

    @Test func streamsAChunkedBodyAndReturnsTheConnection() async throws {
        let server = try ScriptedHTTPServer { _ in .init(Self.events) }
        defer { server.stop() }
        let client = HTTPClient()
        for _ in 0..<3 {
            let response = try await client.stream(Self.request(server), timeout: .seconds(5), readTimeout: .seconds(5))
            #expect(response.header("content-type") == "text/event-stream")
            var text = ""
            for try await chunk in response.body { text += String(decoding: chunk, as: UTF8.self) }
            #expect(text == "event: message\ndata: {\"a\":1}\n\n")
        }
        #expect(server.connections == 1)
        #expect(client.idleConnectionCount(for: "http://127.0.0.1:\(server.port)/") == 1)
    }

    @Test func streamsLengthAndCloseDelimitedBodies() async throws {
        let server = try ScriptedHTTPServer { line in
            line.contains("/close") ? .init("HTTP/1.0 200 OK\r\n\r\nuntil the end", close: true)
                : .init("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        }
        defer { server.stop() }
        let client = HTTPClient()
        let sized = try await client.stream(Self.request(server, "/sized"), timeout: .seconds(5), readTimeout: .seconds(5))
        #expect(try await sized.body.collect(maximumBytes: 100) == Array("hello".utf8))
        let closing = try await client.stream(Self.request(server, "/close"), timeout: .seconds(5), readTimeout: .seconds(5))
        #expect(try await closing.body.collect(maximumBytes: 100) == Array("until the end".utf8))
        let again = try await client.stream(Self.request(server, "/close"), timeout: .seconds(5), readTimeout: .seconds(5))
        await #expect(throws: HTTPClientError.responseTooLarge(limit: 4)) { try await again.body.collect(maximumBytes: 4) }
    }

    @Test func abandonedStreamClosesItsConnection() async throws {
        let server = try ScriptedHTTPServer { _ in .init(Self.events) }
        defer { server.stop() }
        let client = HTTPClient()
        do {
            let response = try await client.stream(Self.request(server), timeout: .seconds(5), readTimeout: .seconds(5))
            response.body.cancel()
        }
        _ = try await client.execute(Self.request(server), timeout: .seconds(5))
        #expect(server.connections == 2)
    }

    @Test func waitingLongerThanTheReadTimeoutFails() async throws {
        let server = try ScriptedHTTPServer { _ in
            .init("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello\n\r\n")
        }
        defer { server.stop() }
        let response = try await HTTPClient().stream(Self.request(server), timeout: .seconds(5), readTimeout: .milliseconds(300))
        var iterator = response.body.makeAsyncIterator()
        #expect(try await iterator.next() == Array("hello\n".utf8))
        await #expect(throws: HTTPClientError.timeout) { try await iterator.next() }
        #expect(try await iterator.next() == nil)
    }

    @Test func malformedChunkInAStreamIsAnError() async throws {
        let server = try ScriptedHTTPServer { _ in
            .init("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n", close: true)
        }
        defer { server.stop() }
        let response = try await HTTPClient().stream(Self.request(server), timeout: .seconds(5), readTimeout: .seconds(5))
        await #expect(throws: HTTPClientError.malformedResponse("bad chunk size")) {
            _ = try await response.body.collect(maximumBytes: 100)
        }
    }
}

/// A request waiting for a pool slot held by a long stream gives up at its deadline or when
/// its task is cancelled, and the slot is usable again once the stream ends.
struct HTTPClientPoolWaitTests {
    static let forever = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello\n\r\n"

    @Test func waitingForABusySlotTimesOutAndCancels() async throws {
        let server = try ScriptedHTTPServer { line in
            .init(line.contains("/sse") ? Self.forever : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: HTTPClientConfiguration(maximumConnectionsPerHost: 1))
        let base = "http://127.0.0.1:\(server.port)"
        let stream = try await client.stream(HTTPClientRequest(url: base + "/sse"), timeout: .seconds(5), readTimeout: .seconds(30))

        await #expect(throws: HTTPClientError.timeout) {
            try await client.execute(HTTPClientRequest(url: base + "/plain"), timeout: .milliseconds(200))
        }
        let waiting = Task { try await client.execute(HTTPClientRequest(url: base + "/plain"), timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: HTTPClientError.cancelled) { try await waiting.value }

        stream.body.cancel()
        #expect(try await client.execute(HTTPClientRequest(url: base + "/plain"), timeout: .seconds(5)).status == 200)
    }
}
