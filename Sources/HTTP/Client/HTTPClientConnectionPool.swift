internal import Synchronization

/// Keep-alive connections by endpoint, bounded two ways: at most `maximumPerHost` connections
/// in use or idle per endpoint (further requests wait for one to be released), and idle ones
/// are closed after `idleTimeout`.
///
/// State lives behind one `Mutex`; continuations are resumed outside it. A released reusable
/// connection goes straight to the oldest waiter, so waiters are served in order.
final class HTTPClientConnectionPool: Sendable {
    /// What `acquire` grants: a pooled connection, or permission to open a new one.
    enum Grant: @unchecked Sendable {
        case reuse(HTTPClientConnection)
        case open
    }

    private struct Host {
        var idle: [HTTPClientConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Grant, Never>] = []
    }

    private let maximumPerHost: Int
    private let idleTimeout: Duration
    private let hosts = Mutex<[String: Host]>([:])

    init(maximumPerHost: Int, idleTimeout: Duration) {
        self.maximumPerHost = max(1, maximumPerHost)
        self.idleTimeout = idleTimeout
    }

    func acquire(_ key: String) async -> Grant {
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
        return await withCheckedContinuation { continuation in
            let grant = hosts.withLock { hosts -> Grant? in
                // Re-check: a release may have happened between the two locks.
                if let connection = hosts[key]?.idle.popLast() { return .reuse(connection) }
                if hosts[key, default: Host()].open < maximumPerHost {
                    hosts[key, default: Host()].open += 1
                    return .open
                }
                hosts[key, default: Host()].waiters.append(continuation)
                return nil
            }
            if let grant { continuation.resume(returning: grant) }
        }
    }

    /// Returns a connection after a request: kept for reuse when `reusable`, else closed.
    func release(_ connection: HTTPClientConnection, reusable: Bool) {
        let key = connection.endpoint.poolKey
        connection.idleSince = .now
        let handOff = hosts.withLock { hosts -> (CheckedContinuation<Grant, Never>, Grant)? in
            var host = hosts[key, default: Host()]
            defer { hosts[key] = host }
            if !host.waiters.isEmpty {
                let waiter = host.waiters.removeFirst()
                return (waiter, reusable ? .reuse(connection) : .open)
            }
            if reusable { host.idle.append(connection) } else { host.open -= 1 }
            return nil
        }
        if let (waiter, grant) = handOff { waiter.resume(returning: grant) }
    }

    /// Gives back a permission to open that was not used (the connect failed).
    func releaseUnopened(_ key: String) {
        let waiter = hosts.withLock { hosts -> CheckedContinuation<Grant, Never>? in
            if hosts[key]?.waiters.isEmpty == false { return hosts[key]!.waiters.removeFirst() }
            hosts[key]?.open -= 1
            return nil
        }
        waiter?.resume(returning: .open)
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
