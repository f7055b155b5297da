import Foundation
import Glibc
import Synchronization

/// A loopback TCP server for client tests: answers each request with the bytes `respond`
/// returns for its request line, and closes the connection when told to. Runs on its own
/// threads; `stop()` closes the listener. Bounded: requests over 64 KiB close the connection.
final class ScriptedHTTPServer: Sendable {
    struct Reply: Sendable {
        var bytes: [UInt8]
        var close = false
        init(_ text: String, close: Bool = false) { bytes = Array(text.utf8); self.close = close }
        init(bytes: [UInt8], close: Bool = false) { self.bytes = bytes; self.close = close }
    }

    let port: Int
    private let listener: Int32
    private let respond: @Sendable (String) -> Reply
    private let stats = Mutex<(connections: Int, requests: Int)>((0, 0))

    var connections: Int { stats.withLock { $0.connections } }
    var requests: Int { stats.withLock { $0.requests } }

    init(respond: @escaping @Sendable (String) -> Reply) throws {
        self.respond = respond
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        _ = length
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    private let stopped = DispatchSemaphore(value: 0)

    /// Wakes the accept loop, which closes the listener itself: closing it here could let a
    /// new socket of another test take the same descriptor number while the loop still
    /// calls `accept` on it (and steal that test's connections).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = stopped.wait(timeout: .now() + 5)
    }

    private func acceptLoop() {
        defer {
            close(listener)
            stopped.signal()
        }
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            stats.withLock { $0.connections += 1 }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.count < 65536 {
            if let end = Self.headEnd(buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    line.lowercased().hasPrefix("content-length:") ? Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) : nil
                }.first ?? 0
                guard buffer.count >= end + 4 + length else { if !read(client, &buffer, &chunk) { return }; continue }
                buffer.removeFirst(end + 4 + length)
                stats.withLock { $0.requests += 1 }
                let reply = respond(String(head.prefix { $0 != "\r" }))
                var offset = 0
                while offset < reply.bytes.count {
                    let sent = reply.bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard sent > 0 else { return }
                    offset += sent
                }
                if reply.close { return }
                continue
            }
            if !read(client, &buffer, &chunk) { return }
        }
    }

    private func read(_ client: Int32, _ buffer: inout [UInt8], _ chunk: inout [UInt8]) -> Bool {
        let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    private static func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
