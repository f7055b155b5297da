import Synchronization

/// Timeouts, checked on a tick (every 100 ms while the loop has connections). A scan of the
/// loop's connections is cheap next to the work a tick's worth of traffic costs.
extension EventLoopRunner {
    func tick() {
        resumeAcceptingIfDue()
        let draining = shared.draining.load(ordering: .relaxed)
        for connection in Array(connections.values) {
            check(connection, draining: draining)
        }
    }

    private func check(_ connection: ServerConnection, draining: Bool) {
        // A client that stopped reading: the queue made no progress for idleTimeout.
        if !connection.output.isEmpty, now &- connection.lastWriteProgress > shared.idleTimeoutNanos {
            close(connection, reason: .slowReader)
            return
        }
        switch connection.state {
        case .idle:
            if connection.isIdle {
                if draining && connection.requestsServed > 0 {
                    close(connection, reason: .shutdown)
                } else if now &- connection.lastActivity > shared.idleTimeoutNanos {
                    close(connection, reason: .idleTimeout)
                }
                return
            }
            checkHead(connection)
        case .reading:
            checkHead(connection)
        case .lingering(let deadline, _, let reason):
            if now >= deadline { close(connection, reason: reason) }
        case .awaiting, .streaming, .closing:
            return
        }
    }

    /// Slowloris: the head must be complete within headerTimeout of its first byte, however
    /// the bytes trickle in. A body that stalls for idleTimeout is cut off the same way.
    private func checkHead(_ connection: ServerConnection) {
        if case .head = connection.parser.state {
            guard let started = connection.headStartedAt, now &- started > shared.headerTimeoutNanos else { return }
        } else {
            guard now &- connection.lastActivity > shared.idleTimeoutNanos else { return }
        }
        answerError(connection, status: 408, code: "request_timeout",
                    message: "the request did not arrive in time", reason: .headerTimeout)
    }
}
