import TestSupport
import Foundation
import HTTP
import Synchronization
import Testing

/// Malformed input over real sockets: each row gets its status, an X-Request-Id, the JSON error
/// body, an observe event, and a clean close (FIN after the answer, not a reset).
@Suite struct HTTPServerStrictnessTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let status: Int
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "CL and TE", input: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        Row(name: "duplicate CL", input: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", status: 400),
        Row(name: "invalid CL", input: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3x\r\n\r\nabc", status: 400),
        Row(name: "TE not chunked", input: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 400),
        Row(name: "bad chunk size", input: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", status: 400),
        Row(name: "bad chunk framing", input: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", status: 400),
        Row(name: "obs-fold", input: "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n\t2\r\n\r\n", status: 400),
        Row(name: "bare CR", input: "GET / HTTP/1.1\r\nHost: t\rX: 1\r\n\r\n", status: 400),
        Row(name: "bare LF", input: "GET / HTTP/1.1\nHost: t\r\n\r\n", status: 400),
        Row(name: "invalid header name", input: "GET / HTTP/1.1\r\nHost: t\r\nX@Y: 1\r\n\r\n", status: 400),
        Row(name: "whitespace before colon", input: "GET / HTTP/1.1\r\nHost: t\r\nX-A : 1\r\n\r\n", status: 400),
        Row(name: "bad method", input: "GE\"T / HTTP/1.1\r\nHost: t\r\n\r\n", status: 400),
        Row(name: "bad target", input: "GET nowhere HTTP/1.1\r\nHost: t\r\n\r\n", status: 400),
        Row(name: "bad version syntax", input: "GET / HTTX/1.1\r\nHost: t\r\n\r\n", status: 400),
        Row(name: "missing Host", input: "GET / HTTP/1.1\r\nX: y\r\n\r\n", status: 400),
        Row(name: "HTTP/2.0", input: "GET / HTTP/2.0\r\nHost: t\r\n\r\n", status: 505),
        Row(name: "HTTP/1.2", input: "GET / HTTP/1.2\r\nHost: t\r\n\r\n", status: 505),
        Row(name: "CL past limit", input: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\n", status: 413),
        Row(name: "chunked past limit", input: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nFFFF\r\n" + String(repeating: "a", count: 0xFFFF) + "\r\n2\r\n", status: 413),
        Row(name: "head past 16 KiB", input: "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 17_000) + "\r\n\r\n", status: 431),
    ]

    @Test(arguments: rows)
    func answersMalformedInputWithItsStatusAndCloses(_ row: Row) throws {
        try withServer({ $0.maxBodyBytes = 65536 }) { server, delegate in
            let client = try RawClient(port: server.port)
            try client.send(row.input)
            let response = try client.readResponse()
            #expect(response.status == row.status)
            #expect(response.header("x-request-id")?.isEmpty == false)
            #expect(response.header("connection") == "close")
            #expect(response.header("content-type") == "application/json")
            #expect(response.text.hasPrefix("{\"error\":{\"code\":\""))
            #expect(response.text.contains("\"requestId\":\"\(response.header("x-request-id") ?? "")\""))
            #expect(client.sawGracefulClose())
            #expect(TestDelegate.eventually { delegate.answered.contains { $0.status == row.status } })
            #expect(delegate.handled.load(ordering: .relaxed) == 0)
        }
    }

    @Test func keepsTheRequestIDOfAMalformedRequestWhenReadable() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nX-Request-Id: trace-7\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.header("x-request-id") == "trace-7")
        }
    }

    @Test func answersAnErrorAfterAValidRequestOnTheSameConnection() throws {
        try withServer { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\nBad Name: x\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
            #expect(try client.readResponse().status == 400)
            #expect(client.isClosedByServer())
        }
    }

    /// The 413 must reach a client that is still sending its body: the server shuts its write
    /// side and drains, rather than closing with unread data (which would reset the connection).
    @Test func deliversAnEarlyErrorToAClientStillSending() throws {
        try withServer({ $0.maxBodyBytes = 1024 }) { server, _ in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 400000\r\n\r\n")
            // Keep sending body the server will never read as a request.
            try? client.send([UInt8](repeating: 97, count: 200_000))
            let response = try client.readResponse()
            #expect(response.status == 413)
        }
    }
}
