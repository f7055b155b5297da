internal import Glibc

/// A connected TCP socket with deadline-bounded blocking I/O.
///
/// Ownership: owns the file descriptor and closes it in `deinit`. Blocking calls run only on
/// the client's I/O threads, never on Swift's cooperative pool. `shutdown()` may be called
/// from any thread (task cancellation) to wake a blocked call; everything else is used by
/// one thread at a time, hence `@unchecked Sendable`.
final class HTTPClientSocket: @unchecked Sendable {
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Resolves `host` and connects to the first address that accepts before `deadline`.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(HTTPClientError) -> HTTPClientSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .resolutionFailed(host)
        }
        defer { freeaddrinfo(list) }
        var lastError = HTTPClientError.connectionRefused
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            current = info.pointee.ai_next
            do {
                return try connect(info.pointee, deadline: deadline)
            } catch {
                lastError = error
                if error == .timeout { break }
            }
        }
        throw lastError
    }

    private static func connect(_ info: addrinfo, deadline: ContinuousClock.Instant) throws(HTTPClientError) -> HTTPClientSocket {
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connectFailed(String(cString: strerror(errno))) }
        let socket = HTTPClientSocket(fd: fd)
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw Self.connectError(errno) }
            var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&pollfd, 1, Self.milliseconds(until: deadline))
            guard ready > 0 else { throw ready == 0 ? .timeout : Self.connectError(errno) }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { throw Self.connectError(code) }
        }
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return socket
    }

    private static func connectError(_ code: Int32) -> HTTPClientError {
        code == ECONNREFUSED ? .connectionRefused : .connectFailed(String(cString: strerror(code)))
    }

    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = deadline - .now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }

    /// Sets the socket's read and write time limits to what is left before `deadline`.
    func limit(to deadline: ContinuousClock.Instant) throws(HTTPClientError) {
        let remaining = deadline - .now
        guard remaining > .zero else { throw .timeout }
        let (seconds, attoseconds) = remaining.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(max(attoseconds / 1_000_000_000_000, 1)))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPClientError) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw errno == EAGAIN || errno == EWOULDBLOCK ? .timeout : .connectFailed(String(cString: strerror(errno)))
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let count = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if count > 0 { offset += count; continue }
            if count < 0 && errno == EINTR { continue }
            throw errno == EAGAIN || errno == EWOULDBLOCK ? .timeout : .connectionClosed
        }
    }

    /// True when an idle pooled socket has been closed by the peer (or has stray data).
    var isReadableWhileIdle: Bool {
        var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pollfd, 1, 0) != 0
    }

    /// Wakes any blocked call; used for cancellation.
    func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
}
