import TestSupport
import CSystem
import Glibc
import Testing

/// The C shim's pass-throughs behave as the kernel documents.
@Suite struct CSystemTests {
    @Test func eventfdWakesEpoll() {
        let epoll = csystem_epoll_create()
        let event = csystem_eventfd()
        defer { close(epoll); close(event) }
        #expect(csystem_epoll_ctl(epoll, CSYSTEM_EPOLL_CTL_ADD, event, CSYSTEM_EPOLLIN, 42) == 0)
        var events = [csystem_event](repeating: csystem_event(), count: 4)
        #expect(csystem_epoll_wait(epoll, &events, 4, 0) == 0)
        #expect(csystem_eventfd_signal(event) == 0)
        #expect(csystem_epoll_wait(epoll, &events, 4, 1000) == 1)
        #expect(events[0].token == 42)
        #expect(events[0].events & CSYSTEM_EPOLLIN != 0)
        #expect(csystem_eventfd_drain(event) == 0)
        #expect(csystem_epoll_wait(epoll, &events, 4, 0) == 0)
    }

    @Test func reportsErrorsAsMinusOneWithErrno() {
        let ctl = csystem_epoll_ctl(-1, CSYSTEM_EPOLL_CTL_ADD, -1, CSYSTEM_EPOLLIN, 0)
        let ctlError = errno
        #expect(ctl == -1 && ctlError == EBADF)
        var gai: Int32 = 0
        let listen = csystem_listen("127.0.0.1", 70000, 1, &gai)
        let listenError = errno
        #expect(listen == -1 && listenError == EINVAL)
    }

    @Test func listensOnAnEphemeralPortAndFormatsPeers() throws {
        var gai: Int32 = 0
        let fd = csystem_listen("127.0.0.1", 0, 8, &gai)
        try #require(fd >= 0)
        defer { close(fd) }
        let port = csystem_local_port(fd)
        #expect(port > 0)
        let client = try RawClient(port: Int(port))
        var address = sockaddr_storage()
        var length: UInt32 = 0
        var accepted: Int32 = -1
        for _ in 0..<100 where accepted < 0 {
            accepted = withUnsafeMutablePointer(to: &address) {
                csystem_accept(fd, $0, UInt32(MemoryLayout<sockaddr_storage>.size), &length)
            }
            if accepted < 0 { usleep(10_000) }
        }
        try #require(accepted >= 0)
        defer { close(accepted) }
        var text = [CChar](repeating: 0, count: 64)
        let count = withUnsafePointer(to: &address) { csystem_format_address($0, length, &text, 64) }
        #expect(String(decoding: text.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("127.0.0.1:"))
        _ = client
    }

    @Test func readsABlockedSignalFromASignalfd() {
        var signals: [Int32] = [SIGUSR2]
        #expect(csystem_block_signals(&signals, 1) == 0)
        defer { _ = csystem_unblock_signals(&signals, 1) }
        let fd = csystem_signalfd(&signals, 1)
        defer { close(fd) }
        #expect(fd >= 0)
        let empty = csystem_signalfd_read(fd)
        let emptyError = errno
        #expect(empty == -1 && emptyError == EAGAIN)
        pthread_kill(pthread_self(), SIGUSR2)
        #expect(csystem_signalfd_read(fd) == SIGUSR2)
    }
}
