import JSON

// A deliberately tiny HTTP/1.1 server for tests only: it puts MCPServer on a loopback port so
// the official Python SDK clients can be run against the protocol core before the real HTTP
// server is wired in. One thread per connection, `Connection: close` on every response,
// Content-Length bodies only. Not for production: no limits beyond what the tests need.

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
@testable import MCP

final class LoopbackHTTPServer: @unchecked Sendable {
    let port: Int
    private let listenFD: Int32
    private let server: MCPServer
    private let stopped = Atomic<Bool>(false)

    init(server: MCPServer) throws {
        self.server = server
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listenFD = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listenFD, nil, nil)
            if client < 0 { if stopped.load(ordering: .relaxed) { return } else { continue } }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func readRequest(_ fd: Int32) -> (method: String, target: String, headers: MCPHeaders, body: [UInt8])? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int? = nil
        while headerEnd == nil {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            if let range = buffer.firstRange(of: Array("\r\n\r\n".utf8)) { headerEnd = range.upperBound }
            if buffer.count > 1 << 20 { return nil }
        }
        let head = String(decoding: buffer[0..<(headerEnd! - 4)], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers = MCPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers["Content-Length"] ?? "0") ?? 0
        var body = Array(buffer[headerEnd!...])
        while body.count < length {
            let n = read(fd, &chunk, min(chunk.count, length - body.count))
            if n <= 0 { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        return (String(requestLine[0]), String(requestLine[1]), headers, body)
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        guard let request = readRequest(fd) else { return }
        let parts = request.target.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "")
        let query = parts.count > 1 ? String(parts[1]) : ""
        if path == "/mcp/sse", request.method == "GET" {
            serveLegacyStream(fd, headers: request.headers)
            return
        }
        let route: MCPRoute
        switch path {
        case "/mcp": route = .streamableHTTP
        case "/mcp/tool": route = .simpleTool
        case "/mcp/messages":
            let id = query.split(separator: "&").first { $0.hasPrefix("session_id=") }.map { String($0.dropFirst(11)) }
            route = .legacyMessages(sessionID: id)
        default:
            write(fd, status: 404, headers: [], body: [])
            return
        }
        let response = blocking { [server] in
            await server.handle(MCPHTTPRequest(method: request.method, route: route, headers: request.headers, body: request.body))
        }
        var headers = response.headers
        if let type = response.contentType { headers.append(("Content-Type", type)) }
        let body: [UInt8]
        switch response.body {
        case .empty: body = []
        case .json(let bytes): body = bytes
        case .sse(let events): body = events.flatMap { $0.encoded() }
        case .problem(let code, let message):
            body = JSONWriter.encode(.object(["error": .object(["code": .string(code), "message": .string(message)])]))
        }
        write(fd, status: response.status, headers: headers, body: body)
    }

    private func serveLegacyStream(_ fd: Int32, headers: MCPHeaders) {
        if let refusal = server.checkLegacyStreamRequest(headers) {
            write(fd, status: refusal.status, headers: [], body: [])
            return
        }
        var head = "HTTP/1.1 200 OK\r\nConnection: close\r\n"
        for (name, value) in MCPServer.legacyStreamHeaders { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        guard writeAll(fd, Array(head.utf8)) else { return }
        let sink = SocketSink(fd: fd)
        let id = blocking { [server] in await server.openLegacyStream(sink) }
        var scratch = [UInt8](repeating: 0, count: 1024)
        while read(fd, &scratch, scratch.count) > 0 {}  // until the client hangs up
        sink.finish()
        blocking { [server] in await server.closeLegacyStream(id) }
    }

    final class SocketSink: MCPEventSink {
        let fd: Int32
        private let lock = Mutex<Bool>(false)
        init(fd: Int32) { self.fd = fd }
        func send(_ event: SSEEvent) -> Bool {
            lock.withLock { finished in finished ? false : LoopbackHTTPServer.writeAllStatic(fd, event.encoded()) }
        }
        func finish() {
            lock.withLock { finished in
                if !finished { finished = true; shutdown(fd, Int32(SHUT_RDWR)) }
            }
        }
    }

    private func write(_ fd: Int32, status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        _ = writeAll(fd, Array(head.utf8) + body)
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool { Self.writeAllStatic(fd, bytes) }

    static func writeAllStatic(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Runs async work from a plain thread and waits for it.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await work()
            box.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}
