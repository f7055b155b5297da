import TestSupport
import Foundation
@testable import HTTP
import Synchronization
import Testing

/// Timeouts and limits on a live server.
@Suite struct HTTPServerLimitsTests {
    @Test func answers408WhenTheHeadDoesNotArriveInTime() throws {
        try withServer({ $0.headerTimeout = .seconds(1) }) { server, delegate in
            let client = try RawClient(port: server.port, timeout: 10)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.isClosedByServer())
            #expect(TestDelegate.eventually { delegate.closeReasons().contains(.headerTimeout) })
        }
    }

    /// Slowloris: one byte every 200 ms keeps the connection busy, but the timer runs from the
    /// first byte, so the 408 comes about a second in, long before the head could be complete.
    @Test func doesNotResetTheHeaderTimerOnEachByte() throws {
        try withServer({ $0.headerTimeout = .seconds(1) }) { server, _ in
            let client = try RawClient(port: server.port, timeout: 10)
            let head = Array("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: \(String(repeating: "s", count: 100))\r\n\r\n".utf8)
            var answered = false
            for byte in head {
                do { try client.send([byte]) } catch { answered = true; break }
                Thread.sleep(forTimeInterval: 0.2)
                var ready = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
                if poll(&ready, 1, 0) > 0 { answered = true; break }
            }
            #expect(answered)
            #expect(try client.readResponse().status == 408)
        }
    }

    @Test func answers408WhenABodyStalls() throws {
        try withServer({ $0.idleTimeout = .seconds(1) }) { server, delegate in
            let client = try RawClient(port: server.port, timeout: 10)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten b")
            #expect(try client.readResponse().status == 408)
            #expect(delegate.handled.load(ordering: .relaxed) == 0)
        }
    }

    @Test func closesIdleKeepAliveConnections() throws {
        try withServer({ $0.idleTimeout = .seconds(1) }) { server, delegate in
            let client = try RawClient(port: server.port, timeout: 10)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(client.isClosedByServer())
            #expect(TestDelegate.eventually { delegate.closeReasons().contains(.idleTimeout) })
            #expect(server.openConnections == 0)
        }
    }

    @Test func rejectsConnectionsPastTheLimit() throws {
        try withServer({ $0.maxConnections = 2 }) { server, delegate in
            let first = try RawClient(port: server.port)
            let second = try RawClient(port: server.port)
            for client in [first, second] {
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            let third = try RawClient(port: server.port)
            let answer = try third.readToEnd()
            #expect(answer.isEmpty || String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 503"))
            #expect(TestDelegate.eventually { delegate.rejectedCount == 1 })
            #expect(server.openConnections == 2)
            // The first two still work.
            try first.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try first.readResponse().status == 200)
        }
    }

    @Test func acceptsAndServesAThousandIdleKeepAliveConnections() throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 4096 {
            limit.rlim_cur = min(4096, limit.rlim_max)
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        try withServer({ $0.maxConnections = 2000 }) { server, _ in
            let rssBefore = Self.residentKiB()
            var clients: [RawClient] = []
            for _ in 0..<1000 {
                let client = try RawClient(port: server.port)
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                clients.append(client)
            }
            for client in clients { #expect(try client.readResponse().text == "hello") }
            #expect(TestDelegate.eventually { server.openConnections == 1000 })
            let rssAfter = Self.residentKiB()
            print("RSS (test process: server + 1000 client sockets): \(rssBefore) KiB -> \(rssAfter) KiB")
            for client in clients.shuffled().prefix(100) {
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "hello")
            }
        }
    }

    @Test func spreadsConnectionsEvenlyOverTheLoops() throws {
        try withServer({ $0.eventLoops = 3 }) { server, _ in
            var clients: [RawClient] = []
            for _ in 0..<30 {
                let client = try RawClient(port: server.port)
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "hello")
                clients.append(client)
            }
            let counts = server.connectionsPerLoop
            #expect(counts.reduce(0, +) == 30)
            #expect(counts.max()! - counts.min()! <= 1)
        }
    }

    static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        return -1
    }

    @Test func closesAClientThatStopsReadingALargeResponse() throws {
        try withServer({ $0.idleTimeout = .seconds(1) }) { server, delegate in
            let client = try RawClient(port: server.port, timeout: 10)
            try client.send("GET /big?bytes=50000000 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(TestDelegate.eventually(10) { delegate.closeReasons().contains(.slowReader) })
            #expect(server.openConnections == 0)
        }
    }
}
