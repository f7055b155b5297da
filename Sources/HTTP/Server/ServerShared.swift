import Glibc
import Synchronization

/// State every event loop of one server reads: configuration, delegate, the connection count,
/// the drain flag and the listening socket. Everything mutable here is atomic.
final class ServerShared: Sendable {
    let configuration: HTTPServerConfiguration
    let delegate: any HTTPServerDelegate
    let openConnections = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    /// The listening socket, or -1 before start / after the last loop let go of it.
    let listenFD = Atomic<Int32>(-1)
    /// Loops still holding the listener in their epoll set; the last to let go closes it.
    let listenerHolders = Atomic<Int>(0)

    /// Every loop of the server, set once before the loops start; emptied at shutdown so the
    /// loops (which hold this object) are not kept alive by it.
    private let loopList = Mutex<[EventLoop]>([])

    var loops: [EventLoop] { loopList.withLock { $0 } }

    func setLoops(_ loops: [EventLoop]) {
        loopList.withLock { $0 = loops }
    }

    let headerTimeoutNanos: UInt64
    let idleTimeoutNanos: UInt64

    init(configuration: HTTPServerConfiguration, delegate: any HTTPServerDelegate) {
        self.configuration = configuration
        self.delegate = delegate
        headerTimeoutNanos = Self.nanoseconds(configuration.headerTimeout)
        idleTimeoutNanos = Self.nanoseconds(configuration.idleTimeout)
    }

    /// Called by a loop that removed the listener from its epoll set.
    func releaseListener() {
        if listenerHolders.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            let fd = listenFD.exchange(-1, ordering: .acquiringAndReleasing)
            if fd >= 0 { close(fd) }
        }
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    /// Monotonic time in nanoseconds (the loops' clock for timeouts).
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
