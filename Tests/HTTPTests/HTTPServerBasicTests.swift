import Foundation
import HTTP
import Synchronization
import Testing
import TestSupport

/// A live server on port 0 over real sockets: normal use (curl and raw keep-alive clients).
@Suite struct HTTPServerBasicTests {
    @Test func servesHelloToCurlWithTheServerFields() throws {
        let curl = try TestEnvironment.tool("curl")
        try withServer { server, _ in
            let result = try ProcessRunner.run(curl, ["-s", "-i", "--max-time", "10", "http://127.0.0.1:\(server.port)/hello"])
            let text = result.stdoutText
            #expect(result.status == 0)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.contains("\r\nContent-Length: 5\r\n"))
            #expect(text.contains("\r\nDate: "))
            #expect(text.contains("\r\nConnection: keep-alive\r\n"))
            #expect(text.contains("\r\nX-Request-Id: "))
            #expect(text.hasSuffix("\r\n\r\nhello"))
        }
    }

    @Test func keepsTheConnectionAliveAcrossRequests() throws {
        try withServer { server, delegate in
            let client = try RawClient(port: server.port)
            for index in 0..<5 {
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n\(index)")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "\(index)")
            }
            #expect(server.openConnections == 1)
            #expect(delegate.handled.load(ordering: .relaxed) == 5)
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /delay?ms=300 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /delay?ms=0 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let bodies = try (0..<3).map { _ in try client.readResponse().text }
            #expect(bodies == ["delayed 300", "delayed 0", "hello"])
        }
    }

    @Test func answersEveryRequestOfAHalfClosedClientThenCloses() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /delay?ms=100 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            #expect(try client.readResponse().text == "delayed 100")
            #expect(try client.readResponse().text == "hello")
            #expect(client.isClosedByServer())
            #expect(TestDelegate.eventually { server.openConnections == 0 })
        }
    }

    @Test func closesSilentlyOnEOFInsideAHead() throws {
        try withServer { server, delegate in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHo")
            client.shutdownWrite()
            #expect(try client.readToEnd().isEmpty)
            #expect(TestDelegate.eventually { delegate.closeReasons() == [.peerClosed] })
        }
    }

    @Test func readsChunkedRequestBodies() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("4\r\nwiki\r\n")
            try client.send("5;ext=1\r\npedia\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "wikipedia")
        }
    }

    @Test func readsChunkedBodiesFromCurl() throws {
        let curl = try TestEnvironment.tool("curl")
        try withServer { server, _ in
            let result = try ProcessRunner.run(curl, [
                "-s", "--max-time", "10", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-",
                "http://127.0.0.1:\(server.port)/echo",
            ], stdin: Data(String(repeating: "abc", count: 3000).utf8))
            #expect(result.stdoutText == String(repeating: "abc", count: 3000))
        }
    }

    @Test func omitsTheBodyForHead() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("content-length") == "5")
            // The next response starts right away: no body bytes were sent for HEAD.
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func closesAfterConnectionClose() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func closesWhenTheDelegateAsksForIt() throws {
        try withServer { server, delegate in
            let client = try RawClient(port: server.port)
            try client.send("GET /close HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 503)
            #expect(response.header("connection") == "close")
            #expect(response.text == "bye")
            #expect(client.isClosedByServer())
            #expect(TestDelegate.eventually { delegate.closeReasons() == [.connectionClose] })
        }
    }

    @Test func closesHTTP10UnlessKeepAliveAsked() throws {
        try withServer { server, _ in
            let plain = try RawClient(port: server.port)
            try plain.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse().header("connection") == "close")
            #expect(plain.isClosedByServer())

            let kept = try RawClient(port: server.port)
            try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().header("connection") == "keep-alive")
            try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text == "hello")
        }
    }

    @Test func sendsContinueThenReadsTheBodyForCurl() throws {
        let curl = try TestEnvironment.tool("curl")
        try withServer { server, _ in
            let body = String(repeating: "x", count: 2048)
            let result = try ProcessRunner.run(curl, [
                "-s", "-v", "--max-time", "10", "-H", "Expect: 100-continue", "--data-binary", "@-",
                "http://127.0.0.1:\(server.port)/echo",
            ], stdin: Data(body.utf8))
            #expect(result.stdoutText == body)
            #expect(result.stderrText.contains("HTTP/1.1 100 Continue"))
        }
    }

    @Test func refusesOversizedExpectWithoutContinue() throws {
        try withServer({ $0.maxBodyBytes = 1000 }) { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            let response = try client.readHead()
            #expect(response.status == 413)
            #expect(client.isClosedByServer())
        }
    }

    @Test func echoesAValidRequestIDAndReplacesAnInvalidOne() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc.DEF_1-2\r\n\r\n")
            let kept = try client.readResponse()
            #expect(kept.header("x-request-id") == "abc.DEF_1-2")
            #expect(kept.header("x-seen-request-id") == "abc.DEF_1-2")
            try client.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Request-Id: bad id!\r\n\r\n")
            let replaced = try client.readResponse()
            #expect(replaced.header("x-request-id")?.count == 32)
            #expect(replaced.header("x-request-id") == replaced.header("x-seen-request-id"))
        }
    }

    @Test func decodesQueryItems() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /echo?a=1&name=h%C3%A9llo+w HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("x-name") == "héllo w")
            #expect(response.header("x-path") == "/echo")
        }
    }

    @Test func answers500WhenTheResponderIsDropped() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /noreply HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 500)
            #expect(response.text.contains("\"code\":\"internal_error\""))
        }
    }

    /// Many clients at once, replies from other threads (the eventfd path): every response
    /// reaches the right client, in order.
    @Test func servesConcurrentClientsWithRepliesFromOtherThreads() throws {
        try withServer { server, delegate in
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 16) { clientIndex in
                do {
                    let client = try RawClient(port: server.port)
                    for index in 0..<100 {
                        let body = "c\(clientIndex)-r\(index)"
                        try client.send("POST /async-echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                        let text = try client.readResponse().text
                        if text != body { failures.withLock { $0.append("\(body) got \(text)") } }
                    }
                } catch {
                    failures.withLock { $0.append("client \(clientIndex): \(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(delegate.handled.load(ordering: .relaxed) == 1600)
        }
    }

    @Test(arguments: [100, 42, 1000])
    func turnsAnInvalidFinalStatusInto500(_ status: Int) throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /status?code=\(status) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 500)
        }
    }

    @Test(arguments: [204, 304])
    func sendsNoBodyForStatusesWithoutOne(_ status: Int) throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /status?code=\(status) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("content-length") == nil)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func dropsAReplyForAClientThatLeft() throws {
        try withServer { server, delegate in
            var client: RawClient? = try RawClient(port: server.port)
            try client?.send("GET /delay?ms=300 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(TestDelegate.eventually { delegate.handled.load(ordering: .relaxed) == 1 })
            var hard = linger(l_onoff: 1, l_linger: 0)
            if let fd = client?.fd { setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, socklen_t(MemoryLayout<linger>.size)) }
            client = nil
            #expect(TestDelegate.eventually { server.openConnections == 0 })
            Thread.sleep(forTimeInterval: 0.4)
            let next = try RawClient(port: server.port)
            try next.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try next.readResponse().text == "hello")
        }
    }

    @Test func readsAMegabyteBody() throws {
        try withServer({ $0.maxBodyBytes = 2 << 20 }) { server, _ in
            let client = try RawClient(port: server.port)
            let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try client.send(Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            #expect(try client.readResponse().body == body)
        }
    }

    @Test func servesLargeBodiesIntact() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /big?bytes=3000000 HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.body.count == 3_000_000)
            #expect(response.body.allSatisfy { $0 == 120 })
        }
    }
}
