import TestSupport
import Foundation
import HTTP
import Synchronization
import Testing

/// Streamed responses (SSE), disconnects, drain and shutdown on a live server.
@Suite struct HTTPServerStreamingTests {
    @Test func streamsChunksThatTheClientReadsIncrementally() throws {
        try withServer { server, delegate in
            let client = try RawClient(port: server.port)
            try client.send("GET /stream?n=5&interval=50 HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readHead()
            #expect(head.status == 200)
            #expect(head.header("transfer-encoding") == "chunked")
            #expect(head.header("content-length") == nil)
            #expect(head.header("x-request-id") != nil)
            for index in 0..<5 {
                #expect(try client.readChunk() == Array("data: \(index)\n\n".utf8))
            }
            #expect(try client.readChunk() == nil)
            #expect(TestDelegate.eventually { delegate.closedStreams.load(ordering: .relaxed) == 1 })
            // The connection is reusable after the stream.
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func sendsOnlyTheHeadOfAStreamForHead() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /stream?n=3 HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.header("transfer-encoding") == "chunked")
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func streamsToHTTP10UntilClose() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /stream?n=3 HTTP/1.0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("connection") == "close")
            #expect(response.text == "data: 0\n\ndata: 1\n\ndata: 2\n\n")
        }
    }

    @Test func firesOnCloseWhenTheClientDisconnects() throws {
        try withServer { server, delegate in
            var client: RawClient? = try RawClient(port: server.port)
            try client?.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client?.readHead().status == 200)
            let writer = try #require(delegate.held.withLock { $0.first })
            #expect(writer.write(Array("data: hi\n\n".utf8)))
            #expect(try client?.readChunk() == Array("data: hi\n\n".utf8))
            client = nil
            #expect(TestDelegate.eventually { delegate.closedStreams.load(ordering: .relaxed) == 1 })
            #expect(TestDelegate.eventually { !writer.write(Array("late".utf8)) })
            #expect(server.openConnections == 0)
        }
    }

    @Test func closesAStreamWhoseClientDoesNotRead() throws {
        try withServer({ $0.maxStreamBufferBytes = 64 << 10 }) { server, delegate in
            let client = try RawClient(port: server.port)
            try client.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(TestDelegate.eventually { delegate.held.withLock { !$0.isEmpty } })
            let writer = try #require(delegate.held.withLock { $0.first })
            let piece = [UInt8](repeating: 100, count: 16 << 10)
            var accepted = 0
            while accepted < 10_000, writer.write(piece) { accepted += 1 }
            #expect(accepted < 10_000)
            #expect(TestDelegate.eventually { delegate.closedStreams.load(ordering: .relaxed) == 1 })
            #expect(TestDelegate.eventually { delegate.closeReasons().contains(.slowReader) })
            _ = client
        }
    }

    @Test func runsOnCloseRegisteredAfterTheStreamEnded() throws {
        try withServer { server, delegate in
            let client = try RawClient(port: server.port)
            try client.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readHead().status == 200)
            let writer = try #require(delegate.held.withLock { $0.first })
            writer.finish()
            #expect(try client.readChunk() == nil)
            #expect(TestDelegate.eventually { writer.isClosed })
            let ran = Flag()
            writer.onClose { ran.value.store(true, ordering: .relaxed) }
            let didRun = ran.value.load(ordering: .relaxed)
            #expect(didRun)
            #expect(!writer.write([1]))
        }
    }

    @Test func drainClosesIdleConnectionsAndMarksTheRestClose() throws {
        try withServer { server, _ in
            let idle = try RawClient(port: server.port)
            try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try idle.readResponse().header("connection") == "keep-alive")

            let busy = try RawClient(port: server.port)
            try busy.send("GET /delay?ms=500 HTTP/1.1\r\nHost: t\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.1)
            server.beginDrain()
            #expect(idle.isClosedByServer())
            let response = try busy.readResponse()
            #expect(response.text == "delayed 500")
            #expect(response.header("connection") == "close")
            #expect(busy.isClosedByServer())

            // Still accepting during the drain; each answer closes.
            let late = try RawClient(port: server.port)
            try late.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try late.readResponse().header("connection") == "close")
        }
    }

    @Test func stopsAcceptingButKeepsOpenConnections() throws {
        try withServer { server, _ in
            let open = try RawClient(port: server.port)
            try open.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try open.readResponse().status == 200)
            server.stopAccepting()
            #expect(TestDelegate.eventually { (try? RawClient(port: server.port)) == nil })
            try open.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try open.readResponse().status == 200)
        }
    }

    @Test func shutdownClosesEverythingAndIsIdempotent() throws {
        let delegate = TestDelegate()
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2),
                                    delegate: delegate)
        try server.start()
        let client = try RawClient(port: server.port)
        try client.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readHead().status == 200)
        server.shutdown()
        server.shutdown()
        #expect(client.isClosedByServer())
        let closedStreams = delegate.closedStreams.load(ordering: .relaxed)
        #expect(closedStreams == 1)
        #expect(server.openConnections == 0)
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
    }

    @Test func refusesToStartOnAPortInUse() throws {
        try withServer { server, _ in
            let second = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: server.port),
                                        delegate: TestDelegate())
            #expect(throws: HTTPServerError.self) { try second.start() }
        }
    }
}

final class Flag: Sendable {
    let value = Atomic<Bool>(false)
}
