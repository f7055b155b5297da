import CSystem
import Glibc
import Synchronization

/// The body of one event-loop thread. Everything here is confined to that thread: the
/// connection table, the read buffer, the serializer. Other threads reach it only through
/// `EventLoop.submit` (commands), so no lock guards any of this state.
///
/// Epoll is level-triggered: a connection is registered for EPOLLIN while it may read and for
/// EPOLLOUT only while its output queue is non-empty. Level-triggered keeps the logic simple
/// (one bounded read per wake-up, nothing is lost if a handler returns early: the kernel will
/// report it again) at the cost of an epoll_ctl when output backs up, which is rare.
final class EventLoopRunner {
    let loop: EventLoop
    let shared: ServerShared
    let configuration: HTTPServerConfiguration
    var connections: [Int32: ServerConnection] = [:]
    var serializer = ResponseSerializer()
    var random = LoopRandom()
    var nextConnectionID: UInt64 = 1
    var running = true
    var listening = false
    var acceptPausedUntil: UInt64?
    var lastTick: UInt64 = 0
    var now: UInt64
    /// One read buffer for the loop: bytes are copied from here into the connection's input.
    var readBuffer = [UInt8](repeating: 0, count: 64 << 10)

    static let tickNanos: UInt64 = 100_000_000
    static let lingerNanos: UInt64 = 2_000_000_000
    static let lingerMaxBytes = 8 << 20

    init(loop: EventLoop) {
        self.loop = loop
        shared = loop.shared
        configuration = loop.shared.configuration
        now = ServerShared.monotonicNanos()
    }

    func run() {
        registerListener()
        var events = [csystem_event](repeating: csystem_event(), count: 256)
        while running {
            var timeout: Int32 = connections.isEmpty && acceptPausedUntil == nil ? -1 : Int32(Self.tickNanos / 1_000_000)
            // Jobs left queued by a bounded `runCommands` (below): look at the sockets, don't sleep.
            if loop.hasCommands { timeout = 0 }
            let count = events.withUnsafeMutableBufferPointer {
                csystem_epoll_wait(loop.epollFD, $0.baseAddress, Int32($0.count), timeout)
            }
            if count < 0 && errno != EINTR { fatalError("epoll_wait failed: \(errno)") }
            now = ServerShared.monotonicNanos()
            for index in 0..<max(0, Int(count)) {
                handle(events[index])
            }
            if now &- lastTick >= Self.tickNanos {
                lastTick = now
                tick()
            }
            // Last, so that nothing queued from this thread (by the delegate, by an onClose
            // handler run from a timeout) waits for the next wake-up.
            runCommands()
        }
        for connection in Array(connections.values) { close(connection, reason: .shutdown) }
        if listening { unregisterListener() }
        loop.discardPendingCommands()
    }

    private func handle(_ event: csystem_event) {
        switch event.token {
        case EventLoop.wakeToken:
            _ = csystem_eventfd_drain(loop.wakeFD)
        case EventLoop.listenerToken:
            acceptConnections()
        default:
            guard let connection = connections[Int32(truncatingIfNeeded: event.token)] else { return }
            // HUP/ERR: both directions are gone (reset, or our write side shut and the peer closed):
            // nothing can be delivered any more. Reported even when not asked for, so act on it
            // now or a level-triggered loop would spin.
            if event.events & (CSYSTEM_EPOLLHUP | CSYSTEM_EPOLLERR) != 0 {
                if case .lingering(_, _, let reason) = connection.state {
                    close(connection, reason: reason)
                } else {
                    close(connection, reason: .peerClosed)
                }
                return
            }
            if event.events & (CSYSTEM_EPOLLIN | CSYSTEM_EPOLLRDHUP) != 0 {
                readable(connection)
            }
            if event.events & CSYSTEM_EPOLLOUT != 0, connections[connection.fd] === connection {
                flush(connection)
            }
        }
    }

    /// Runs queued commands until the inbox is empty (commands may queue more), but at most
    /// `maxCommandRounds` rounds: tasks running here may keep queueing jobs for each other, and
    /// the sockets must still be looked at (what is left runs after a non-blocking epoll_wait).
    private func runCommands() {
        for _ in 0..<Self.maxCommandRounds {
            let commands = loop.takeCommands()
            if commands.isEmpty { return }
            for command in commands { run(command) }
        }
    }

    static let maxCommandRounds = 64

    private func run(_ command: LoopCommand) {
        switch command {
        case .respond(let ref, let response):
            guard let connection = lookup(ref) else { return }
            respond(connection, response)
        case .unanswered(let ref, let requestID):
            guard let connection = lookup(ref) else { return }
            let status = 500, code = "internal_error", message = "the request was not answered"
            respond(connection, HTTPErrorBody.response(status: status, code: code, message: message, requestID: requestID))
            shared.delegate.observe(.answered(HTTPLayerResponse(
                status: status, code: code, message: message, requestID: requestID, method: nil, path: nil,
                remoteAddress: connection.remoteAddress, bytes: 0, duration: .zero)))
        case .startStream(let ref, let status, let headers, let writer):
            guard let connection = lookup(ref) else {
                writer.connectionClosed()
                return
            }
            startStream(connection, status: status, headers: headers, writer: writer)
        case .streamWrite(let ref, let bytes):
            guard let connection = lookup(ref) else { return }
            streamWrite(connection, bytes)
        case .streamFinish(let ref):
            guard let connection = lookup(ref) else { return }
            streamFinish(connection)
        case .streamAbort(let ref):
            guard let connection = lookup(ref) else { return }
            close(connection, reason: .slowReader)
        case .adopt(let fd, let remote):
            adopt(fd, remoteAddress: remote)
        case .job(let job):
            loop.executor.run(job)
        case .beginDrain:
            for connection in Array(connections.values) where connection.isIdle && connection.requestsServed > 0 {
                close(connection, reason: .shutdown)
            }
        case .stopAccepting:
            if listening { unregisterListener() }
        case .shutdown:
            running = false
        }
    }

    private func lookup(_ ref: ConnectionRef) -> ServerConnection? {
        guard let connection = connections[ref.fd], connection.id == ref.id else { return nil }
        return connection
    }

    /// Sets the connection's epoll interest from its state.
    func updateInterest(_ connection: ServerConnection) {
        var wanted: UInt32 = 0
        if wantsRead(connection) { wanted |= CSYSTEM_EPOLLIN | CSYSTEM_EPOLLRDHUP }
        if !connection.output.isEmpty { wanted |= CSYSTEM_EPOLLOUT }
        guard wanted != connection.registered else { return }
        connection.registered = wanted
        _ = csystem_epoll_ctl(loop.epollFD, CSYSTEM_EPOLL_CTL_MOD, connection.fd, wanted, UInt64(connection.fd))
    }

    private func wantsRead(_ connection: ServerConnection) -> Bool {
        if connection.peerClosed { return false }
        switch connection.state {
        case .idle, .reading: return connection.output.byteCount < Self.pauseParsingBytes
        case .awaiting, .streaming: return connection.unconsumed < configuration.maxHeaderBytes + (64 << 10)
        case .closing: return false
        case .lingering: return true
        }
    }

    /// Past this much queued output the next pipelined request waits for the client to read.
    static let pauseParsingBytes = 256 << 10
}
