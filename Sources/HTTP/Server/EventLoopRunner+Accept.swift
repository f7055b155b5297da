import CSystem
import Glibc
import Synchronization

/// Accepting. One listening socket is shared by every loop: each registers it with
/// EPOLLEXCLUSIVE, so the kernel wakes one loop (not all) per new connection. The loop that
/// accepted gives the connection to the loop with the fewest connections (itself on a tie, so
/// no hop in the common case) through that loop's inbox. Connections live on one loop for good,
/// and a proxy in front keeps a few long-lived ones, so balance at accept time matters: the
/// kernel alone prefers whichever loop sleeps first.
/// Not SO_REUSEPORT per loop: closing one of those listeners resets the connections waiting in
/// its backlog, which a drain must not do.
extension EventLoopRunner {
    static let maxAcceptsPerWake = 64
    static let acceptPauseNanos: UInt64 = 100_000_000

    func registerListener() {
        let fd = shared.listenFD.load(ordering: .acquiring)
        guard fd >= 0 else { return }
        if csystem_epoll_ctl(loop.epollFD, CSYSTEM_EPOLL_CTL_ADD, fd, CSYSTEM_EPOLLIN | CSYSTEM_EPOLLEXCLUSIVE,
                             EventLoop.listenerToken) == 0 {
            listening = true
        } else {
            shared.releaseListener()
        }
    }

    func unregisterListener() {
        listening = false
        acceptPausedUntil = nil
        let fd = shared.listenFD.load(ordering: .acquiring)
        if fd >= 0 { _ = csystem_epoll_ctl(loop.epollFD, CSYSTEM_EPOLL_CTL_DEL, fd, 0, 0) }
        shared.releaseListener()
    }

    func acceptConnections() {
        let listenFD = shared.listenFD.load(ordering: .acquiring)
        guard listening, listenFD >= 0 else { return }
        var address = sockaddr_storage()
        for _ in 0..<Self.maxAcceptsPerWake {
            var length: UInt32 = 0
            let fd = withUnsafeMutablePointer(to: &address) {
                csystem_accept(listenFD, $0, UInt32(MemoryLayout<sockaddr_storage>.size), &length)
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: a level-triggered listener would spin. Pause briefly.
                    _ = csystem_epoll_ctl(loop.epollFD, CSYSTEM_EPOLL_CTL_DEL, listenFD, 0, 0)
                    acceptPausedUntil = now + Self.acceptPauseNanos
                    return
                default: return
                }
            }
            let remote = Self.format(&address, length: length)
            if shared.openConnections.add(1, ordering: .relaxed).newValue > configuration.maxConnections {
                shared.openConnections.subtract(1, ordering: .relaxed)
                reject(fd)
                shared.delegate.observe(.rejected(remoteAddress: remote))
                continue
            }
            _ = csystem_set_nodelay(fd)
            let target = leastLoadedLoop()
            target.connectionCount.add(1, ordering: .relaxed)
            if target === loop {
                adopt(fd, remoteAddress: remote)
            } else {
                target.submit(.adopt(fd: fd, remoteAddress: remote))
            }
        }
    }

    private func leastLoadedLoop() -> EventLoop {
        var best = loop
        var bestCount = loop.connectionCount.load(ordering: .relaxed)
        for other in shared.loops where other !== loop {
            let count = other.connectionCount.load(ordering: .relaxed)
            if count < bestCount {
                best = other
                bestCount = count
            }
        }
        return best
    }

    /// Takes ownership of an accepted socket (already counted in `openConnections` and in this
    /// loop's `connectionCount`).
    func adopt(_ fd: Int32, remoteAddress remote: String) {
        let interest = CSYSTEM_EPOLLIN | CSYSTEM_EPOLLRDHUP
        guard running, csystem_epoll_ctl(loop.epollFD, CSYSTEM_EPOLL_CTL_ADD, fd, interest, UInt64(fd)) == 0 else {
            shared.openConnections.subtract(1, ordering: .relaxed)
            loop.connectionCount.subtract(1, ordering: .relaxed)
            Glibc.close(fd)
            return
        }
        let connection = ServerConnection(
            fd: fd, id: nextConnectionID, remoteAddress: remote,
            parser: HTTPRequestParser(maxHeaderBytes: configuration.maxHeaderBytes,
                                      maxBodyBytes: configuration.maxBodyBytes),
            registered: interest, now: now)
        nextConnectionID += 1
        connections[fd] = connection
        shared.delegate.observe(.opened(remoteAddress: remote))
    }

    /// Re-registers the listener after an EMFILE pause.
    func resumeAcceptingIfDue() {
        guard let until = acceptPausedUntil, now >= until, listening else { return }
        acceptPausedUntil = nil
        let fd = shared.listenFD.load(ordering: .acquiring)
        if fd >= 0 {
            _ = csystem_epoll_ctl(loop.epollFD, CSYSTEM_EPOLL_CTL_ADD, fd, CSYSTEM_EPOLLIN | CSYSTEM_EPOLLEXCLUSIVE,
                                  EventLoop.listenerToken)
        }
    }

    /// Past `maxConnections`: a best-effort 503 into the empty send buffer, then close.
    private func reject(_ fd: Int32) {
        let requestID = RequestID.generate(using: &random)
        var body = HTTPErrorBody.json(code: "too_many_connections", message: "the server is at its connection limit",
                                  requestID: requestID)
        let head = serializer.head(status: 503, headers: ["Content-Type": "application/json", "Retry-After": "1"],
                                   framing: .length(body.count), keepAlive: false,
                                   requestID: requestID)
        body = head + body
        _ = body.withUnsafeBytes { csystem_send(fd, $0.baseAddress, $0.count) }
        Glibc.close(fd)
    }

    static func format(_ address: inout sockaddr_storage, length: UInt32) -> String {
        var text = [CChar](repeating: 0, count: 64)
        let count = withUnsafePointer(to: &address) { pointer in
            text.withUnsafeMutableBufferPointer { csystem_format_address(pointer, length, $0.baseAddress, $0.count) }
        }
        guard count > 0 else { return "unknown" }
        return String(decoding: text.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
