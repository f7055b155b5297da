/// One accepted socket and everything the loop knows about it. Confined to its loop thread.
///
/// Ownership: the connection owns its fd (closed only by `EventLoopRunner.close`), its input
/// buffer (bytes read but not yet consumed by the parser, bounded by `maxHeaderBytes` plus one
/// read while parsing, and by `inputCap` while a request is being answered) and its output queue.
///
///     idle ──bytes──▶ reading ──request──▶ awaiting ──respond──▶ idle (keep-alive) / closing
///                        │                     └──startStream──▶ streaming ──finish──▶ idle / closing
///                        └──error──▶ closing (last response) ──flushed──▶ lingering ──EOF/deadline──▶ closed
final class ServerConnection {
    enum State {
        /// Between requests: nothing parsed yet.
        case idle
        /// Part of a request (head or body) has arrived.
        case reading
        /// A request went to the delegate; waiting for its responder.
        case awaiting(Exchange)
        /// A streamed response is being written.
        case streaming(Exchange, HTTPStreamWriter)
        /// The last response is queued; once flushed, shut the write side and linger.
        case closing(reason: HTTPCloseReason)
        /// Write side shut after an error; reading and discarding until EOF or the deadline.
        case lingering(deadline: UInt64, discarded: Int, reason: HTTPCloseReason)
    }

    /// The request being answered: what the response must respect.
    struct Exchange {
        var requestID: String
        var version: HTTPVersion
        var keepAlive: Bool
        var isHead: Bool
    }

    let fd: Int32
    let id: UInt64
    let remoteAddress: String
    var state = State.idle
    var parser: HTTPRequestParser
    var input: [UInt8] = []
    var inputStart = 0
    var output = OutputQueue()
    /// Epoll interest currently registered.
    var registered: UInt32
    /// The peer sent EOF (or RDHUP): read nothing more.
    var peerClosed = false
    /// Monotonic nanoseconds: first byte of the current head (nil between requests).
    var headStartedAt: UInt64?
    /// Last read or write progress (idle, body-stall and slow-reader timeouts).
    var lastActivity: UInt64
    /// When the output queue last made progress or became non-empty.
    var lastWriteProgress: UInt64
    /// Requests dispatched so far (a drain closes idle connections that already served one;
    /// a fresh connection gets to send its first request).
    var requestsServed = 0
    /// When the current request's head was complete.
    var receivedAt: ContinuousClock.Instant?

    init(fd: Int32, id: UInt64, remoteAddress: String, parser: HTTPRequestParser, registered: UInt32, now: UInt64) {
        self.fd = fd
        self.id = id
        self.remoteAddress = remoteAddress
        self.parser = parser
        self.registered = registered
        lastActivity = now
        lastWriteProgress = now
    }

    var ref: ConnectionRef { ConnectionRef(fd: fd, id: id) }

    var unconsumed: Int { input.count - inputStart }

    /// Drops consumed input; gives the memory back when nothing is left (idle connections
    /// must stay small: 1,000 of them should cost little more than their sockets).
    func compactInput() {
        if inputStart == input.count {
            if input.capacity > 4096 { input = [] } else { input.removeAll(keepingCapacity: true) }
            inputStart = 0
        } else if inputStart > 16 << 10 || inputStart * 2 > input.count {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }

    var isIdle: Bool {
        if case .idle = state { return unconsumed == 0 && output.isEmpty && !parser.isMidRequest }
        return false
    }

}
