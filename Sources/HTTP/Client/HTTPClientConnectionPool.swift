internal import Synchronization

/// Keep-alive connections by endpoint, bounded two ways: at most `maximumPerHost` connections
/// in use or idle per endpoint (further requests wait for one to be released), and idle ones
/// are closed after `idleTimeout`.
///
/// State lives behind one `Mutex`; continuations are resumed outside it. A released reusable
/// connection goes straight to the oldest waiter, so waiters are served in order. A waiter
/// gives up at its request's deadline or when its task is cancelled, whichever comes first:
/// a streamed response holds its slot until its body ends, so slots can stay busy for long.
final class HTTPClientConnectionPool: Sendable {
    /// What `acquire` grants: a pooled connection, or permission to open a new one.
    enum Grant: @unchecked Sendable {
        case reuse(HTTPClientConnection)
        case open
        case timedOut
        case cancelled
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Grant, Never>
    }

    private struct Host {
        var idle: [HTTPClientConnection] = []
        var open = 0
        var waiters: [Waiter] = []
    }

    private let maximumPerHost: Int
    private let idleTimeout: Duration
    private let hosts = Mutex<[String: Host]>([:])
    private let nextWaiterID = Atomic<UInt64>(0)

    init(maximumPerHost: Int, idleTimeout: Duration) {
        self.maximumPerHost = max(1, maximumPerHost)
        self.idleTimeout = idleTimeout
    }

    func acquire(_ key: String, deadline: ContinuousClock.Instant) async -> Grant {
        var stale: [HTTPClientConnection] = []
        defer { _ = stale }
        let now = ContinuousClock.now
        let immediate = hosts.withLock { hosts -> Grant? in
            var host = hosts[key, default: Host()]
            defer { hosts[key] = host }
            while let connection = host.idle.popLast() {
                if now - connection.idleSince < idleTimeout, !connection.socket.isReadableWhileIdle {
                    return .reuse(connection)
                }
                host.open -= 1
                stale.append(connection)
            }
            if host.open < maximumPerHost {
                host.open += 1
                return .open
            }
            return nil
        }
        if let immediate { return immediate }
        let id = nextWaiterID.add(1, ordering: .relaxed).newValue
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            self?.abandon(key, id, with: .timedOut)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let grant = hosts.withLock { hosts -> Grant? in
                    if Task.isCancelled { return .cancelled }
                    // Re-check: a release may have happened between the two locks.
                    if let connection = hosts[key]?.idle.popLast() { return .reuse(connection) }
                    if hosts[key, default: Host()].open < maximumPerHost {
                        hosts[key, default: Host()].open += 1
                        return .open
                    }
                    hosts[key, default: Host()].waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let grant { continuation.resume(returning: grant) }
            }
        } onCancel: {
            abandon(key, id, with: .cancelled)
        }
    }

    /// Ends a wait early (deadline or cancellation), unless a release already served it.
    private func abandon(_ key: String, _ id: UInt64, with grant: Grant) {
        let waiter = hosts.withLock { hosts -> Waiter? in
            guard let index = hosts[key]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return hosts[key]!.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: grant)
    }

    /// Returns a connection after a request: kept for reuse when `reusable`, else closed.
    func release(_ connection: HTTPClientConnection, reusable: Bool) {
        let key = connection.endpoint.poolKey
        connection.idleSince = .now
        let handOff = hosts.withLock { hosts -> (Waiter, Grant)? in
            var host = hosts[key, default: Host()]
            defer { hosts[key] = host }
            if !host.waiters.isEmpty {
                let waiter = host.waiters.removeFirst()
                return (waiter, reusable ? .reuse(connection) : .open)
            }
            if reusable { host.idle.append(connection) } else { host.open -= 1 }
            return nil
        }
        if let (waiter, grant) = handOff { waiter.continuation.resume(returning: grant) }
    }

    /// Gives back a permission to open that was not used (the connect failed).
    func releaseUnopened(_ key: String) {
        let waiter = hosts.withLock { hosts -> Waiter? in
            if hosts[key]?.waiters.isEmpty == false { return hosts[key]!.waiters.removeFirst() }
            hosts[key]?.open -= 1
            return nil
        }
        waiter?.continuation.resume(returning: .open)
    }

    /// Closes every idle connection.
    func closeIdle() {
        let closed = hosts.withLock { hosts -> [HTTPClientConnection] in
            var closed: [HTTPClientConnection] = []
            for key in hosts.keys {
                closed += hosts[key]!.idle
                hosts[key]!.open -= hosts[key]!.idle.count
                hosts[key]!.idle = []
            }
            return closed
        }
        _ = closed
    }

    /// Idle connections per endpoint (for tests and metrics).
    func idleCount(_ key: String) -> Int { hosts.withLock { $0[key]?.idle.count ?? 0 } }
}
