import CSystem
import Glibc
import Synchronization

/// An HTTP/1.1 server on epoll: `eventLoops` threads, each with its own epoll set, sharing one
/// listening socket. See `EventLoop` and `EventLoopRunner` for the threading and ownership rules.
///
/// Design, in short:
/// - Threads: N plain `Thread`s, one epoll set each (level-triggered). The listening socket is in
///   every set with EPOLLEXCLUSIVE: the kernel wakes one loop per new connection, and the loop
///   that accepts a connection owns it until it closes. Nothing here runs on Swift's pool.
/// - Ownership: a connection (socket, input bytes, parser, output queue) is touched only by its
///   loop thread. The delegate gets value copies (`HTTPRequest`) and a `Sendable` responder.
/// - Crossing threads: `HTTPResponder`/`HTTPStreamWriter` post a command to the loop's inbox
///   (Mutex-protected array); the first post after a drain writes the loop's eventfd. Replies
///   posted from the loop thread itself skip the eventfd.
/// - Copies: kernel → loop read buffer (64 KiB, per loop) → connection input; head fields become
///   Strings; body bytes are copied once into the request body. On the way out a small body is
///   copied behind its head (one `send`), a large body is sent from the caller's array as is.
/// - Ordering: one request per connection is with the delegate at a time; pipelined requests
///   wait in the input buffer (bounded), so responses leave in request order.
///
///     let server = try HTTPServer(configuration: config, delegate: service)
///     try server.start()            // bind, listen, spawn the loops
///     ... server.port ...
///     server.beginDrain()           // responses now carry Connection: close
///     server.stopAccepting()
///     server.shutdown()             // closes everything, joins the threads
///
/// `shutdown()` must not be called from an event-loop thread (it joins them).
public final class HTTPServer: Sendable {
    private enum State {
        case idle
        case running([EventLoop])
        case stopped
    }

    private let shared: ServerShared
    private let state = Mutex(State.idle)
    private let boundPort = Atomic<Int>(0)
    /// One executor per event loop: tasks that prefer one run on that loop's thread (see
    /// `EventLoopExecutor`). Available before `start()`; until the loops run (and after they
    /// stop) their jobs go to the global executor.
    public let executors: [EventLoopExecutor]

    public init(configuration: HTTPServerConfiguration, delegate: any HTTPServerDelegate) throws {
        guard configuration.eventLoops >= 1 else { throw HTTPServerError.invalidConfiguration("eventLoops must be at least 1") }
        guard (0...65535).contains(configuration.port) else { throw HTTPServerError.invalidConfiguration("port out of range") }
        guard configuration.headerTimeout > .zero, configuration.idleTimeout > .zero else {
            throw HTTPServerError.invalidConfiguration("timeouts must be positive")
        }
        guard configuration.maxBodyBytes >= 0, configuration.maxHeaderBytes >= 64,
              configuration.maxConnections >= 1, configuration.maxStreamBufferBytes >= 1 else {
            throw HTTPServerError.invalidConfiguration("limits must be positive")
        }
        shared = ServerShared(configuration: configuration, delegate: delegate)
        executors = (0..<configuration.eventLoops).map { EventLoopExecutor(index: $0) }
    }

    deinit { shutdown() }

    /// Binds, listens and spawns the event loops. Throws if the address is taken or invalid.
    public func start() throws {
        try state.withLock { state in
            guard case .idle = state else { throw HTTPServerError.alreadyStarted }
            let configuration = shared.configuration
            var gaiError: Int32 = 0
            let fd = csystem_listen(configuration.host, Int32(configuration.port), Int32(configuration.backlog), &gaiError)
            guard fd >= 0 else {
                if gaiError != 0 { throw HTTPServerError.resolve(String(cString: gai_strerror(gaiError))) }
                throw HTTPServerError.system("bind/listen \(configuration.host):\(configuration.port)", errno)
            }
            boundPort.store(Int(csystem_local_port(fd)), ordering: .releasing)
            var loops: [EventLoop] = []
            do {
                for index in 0..<configuration.eventLoops {
                    loops.append(try EventLoop(index: index, shared: shared, executor: executors[index]))
                }
            } catch {
                close(fd)
                throw error
            }
            shared.listenFD.store(fd, ordering: .releasing)
            shared.listenerHolders.store(loops.count, ordering: .releasing)
            shared.setLoops(loops)
            for loop in loops { loop.start() }
            state = .running(loops)
        }
    }

    /// The bound port (the ephemeral one when configured with 0); 0 before `start()`.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Connections owned by each loop (tests check the balance).
    var connectionsPerLoop: [Int] { loops().map { $0.connectionCount.load(ordering: .relaxed) } }

    /// Connections open now, across all loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }

    /// From now on every response carries `Connection: close` and its connection closes after
    /// it; idle keep-alive connections are closed at once. New connections are still accepted.
    public func beginDrain() {
        shared.draining.store(true, ordering: .releasing)
        for loop in loops() { loop.submit(.beginDrain) }
    }

    /// Closes the listening socket (once every loop has let go of it). Open connections stay.
    public func stopAccepting() {
        for loop in loops() { loop.submit(.stopAccepting) }
    }

    /// Closes every connection (stream writers see `onClose`), stops and joins the loops.
    /// Idempotent.
    public func shutdown() {
        let loops = state.withLock { state -> [EventLoop] in
            guard case .running(let loops) = state else {
                state = .stopped
                return []
            }
            state = .stopped
            return loops
        }
        for loop in loops {
            loop.submit(.stopAccepting)
            loop.submit(.shutdown)
        }
        for loop in loops where !loop.isCurrentThread { loop.join() }
        for loop in loops { loop.discardPendingCommands() }
        shared.setLoops([])
    }

    /// Whether the calling thread is event loop `index`'s thread (tests of `executors`).
    func isOnLoopThread(_ index: Int) -> Bool {
        let loops = loops()
        return loops.indices.contains(index) && loops[index].isCurrentThread
    }

    private func loops() -> [EventLoop] {
        state.withLock { state in
            if case .running(let loops) = state { return loops }
            return []
        }
    }
}
