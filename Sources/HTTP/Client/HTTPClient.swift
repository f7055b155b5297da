internal import Crypto
internal import Dispatch
internal import Glibc
internal import Synchronization

/// A small HTTP/1.1 client: http and https (OpenSSL, certificate and host-name verification),
/// Content-Length, chunked and close-delimited responses, a response body cap, and a bounded
/// keep-alive pool per endpoint.
///
/// Threads: every blocking call (resolve, connect, TLS, read, write) runs on the client's own
/// dispatch queue, never on Swift's cooperative pool; `execute` suspends on a continuation
/// until it is done. Cancelling the calling task shuts the socket down, which wakes the
/// blocked call. One deadline (`timeout`) bounds the whole exchange, connect included, and
/// the time spent waiting for a pooled connection.
///
/// Not supported, on purpose: redirects (a JWKS URL must be the final one), proxies,
/// `Expect: 100-continue`, HTTP/2, request bodies streamed from a sequence.
///
/// `SIGPIPE`: writes use `MSG_NOSIGNAL`, but OpenSSL writes with `write(2)`, so creating a
/// client sets `SIGPIPE` to ignored for the process (what every server wants anyway).
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let pool: HTTPClientConnectionPool
    private let tlsContext = Mutex<TLSClientContext?>(nil)

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
        pool = HTTPClientConnectionPool(maximumPerHost: configuration.maximumConnectionsPerHost,
                                        idleTimeout: configuration.idleTimeout)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Sends `request` and returns the complete response, or throws `HTTPClientError`.
    public func execute(_ request: HTTPClientRequest, timeout: Duration) async throws(HTTPClientError) -> HTTPClientResponse {
        let limit = request.maximumResponseBytes ?? configuration.maximumResponseBytes
        return try await perform(request, timeout: timeout) { connection, wire, deadline throws(HTTPClientError) in
            try connection.write(wire, deadline: deadline)
            let (response, reusable) = try HTTPClientResponseParser.read(
                from: connection, method: request.method, maximumBodyBytes: limit, deadline: deadline)
            return .finished(response, reusable: reusable)
        }
    }

    /// Sends `request` and returns once the response head has arrived; the body is read on
    /// demand from `body` (for `text/event-stream` and other long or large bodies). `timeout`
    /// bounds connect, send and head; `readTimeout` bounds each wait for more body bytes.
    /// The connection returns to the pool when the body is read to its end.
    public func stream(_ request: HTTPClientRequest, timeout: Duration,
                       readTimeout: Duration) async throws(HTTPClientError) -> HTTPClientStreamingResponse {
        try await perform(request, timeout: timeout) { connection, wire, deadline throws(HTTPClientError) in
            try connection.write(wire, deadline: deadline)
            let (head, framing, reusable) = try HTTPClientResponseParser.readHead(from: connection, method: request.method, deadline: deadline)
            let body = HTTPClientBodyStream(connection: connection, framing: framing, reusable: reusable,
                                            readTimeout: readTimeout, client: self)
            return .handedOver(HTTPClientStreamingResponse(status: head.status, reason: head.reason, headers: head.headers, body: body))
        }
    }

    /// What one exchange did with its connection.
    enum Outcome<T: Sendable>: Sendable {
        /// The response is complete; the connection goes back to the pool (or is closed).
        case finished(T, reusable: Bool)
        /// The result now owns the connection (a streaming body).
        case handedOver(T)
    }

    /// Acquires a connection (pooled or new), runs `exchange` on an I/O thread, and retries
    /// once on a new connection when an idempotent request met a pooled connection that the
    /// server had already closed.
    private func perform<T: Sendable>(
        _ request: HTTPClientRequest, timeout: Duration,
        _ exchange: @escaping @Sendable (HTTPClientConnection, [UInt8], ContinuousClock.Instant) throws(HTTPClientError) -> Outcome<T>
    ) async throws(HTTPClientError) -> T {
        let endpoint = try HTTPClientEndpoint(url: request.url)
        let wire = try request.serialized(target: endpoint)
        let deadline = ContinuousClock.now + timeout
        var retried = false
        while true {
            let (connection, reused) = try await connection(to: endpoint, deadline: deadline)
            let outcome = await withTaskCancellationHandler {
                await onIOThreadResult { () throws(HTTPClientError) in try exchange(connection, wire, deadline) }
            } onCancel: {
                connection.socket.shutdown()
            }
            switch outcome {
            case .success(.finished(let value, let reusable)):
                connection.requestsServed += 1
                pool.release(connection, reusable: reusable && !Task.isCancelled)
                return value
            case .success(.handedOver(let value)):
                connection.requestsServed += 1
                return value
            case .failure(let error):
                pool.release(connection, reusable: false)
                if Task.isCancelled { throw .cancelled }
                if reused, !retried, request.isIdempotent, error == .connectionClosed {
                    retried = true
                    continue
                }
                throw error
            }
        }
    }

    private func connection(to endpoint: HTTPClientEndpoint,
                            deadline: ContinuousClock.Instant) async throws(HTTPClientError) -> (HTTPClientConnection, reused: Bool) {
        switch await pool.acquire(endpoint.poolKey, deadline: deadline) {
        case .timedOut:
            throw .timeout
        case .cancelled:
            throw .cancelled
        case .reuse(let pooled):
            guard !Task.isCancelled else {
                pool.release(pooled, reusable: true)
                throw .cancelled
            }
            return (pooled, true)
        case .open:
            guard !Task.isCancelled else {
                pool.releaseUnopened(endpoint.poolKey)
                throw .cancelled
            }
            do {
                let opened = try await onIOThread { () throws(HTTPClientError) in
                    try HTTPClientConnection.open(endpoint, tlsContext: try self.sharedTLSContext(), deadline: deadline)
                }
                return (opened, false)
            } catch {
                pool.releaseUnopened(endpoint.poolKey)
                throw error
            }
        }
    }

    /// Gives a connection back after a streamed body ended (or was abandoned).
    func release(_ connection: HTTPClientConnection, reusable: Bool) {
        pool.release(connection, reusable: reusable)
    }

    /// Closes idle pooled connections (e.g. at shutdown).
    public func closeIdleConnections() { pool.closeIdle() }

    /// Idle pooled connections for `url`'s endpoint.
    public func idleConnectionCount(for url: String) -> Int {
        guard let endpoint = try? HTTPClientEndpoint(url: url) else { return 0 }
        return pool.idleCount(endpoint.poolKey)
    }

    private func sharedTLSContext() throws(HTTPClientError) -> TLSClientContext {
        let result: Result<TLSClientContext, HTTPClientError> = tlsContext.withLock { cached in
            if let cached { return .success(cached) }
            do throws(TLSError) {
                let context = try TLSClientContext(caFile: configuration.caFile)
                cached = context
                return .success(context)
            } catch {
                return .failure(.tlsFailed(error.description))
            }
        }
        return try result.get()
    }

    func onIOThread<T: Sendable>(_ work: @escaping @Sendable () throws(HTTPClientError) -> T) async throws(HTTPClientError) -> T {
        try await onIOThreadResult(work).get()
    }

    func onIOThreadResult<T: Sendable>(_ work: @escaping @Sendable () throws(HTTPClientError) -> T) async -> Result<T, HTTPClientError> {
        // A fresh serial queue per blocking call: serial queues are "overcommit" in libdispatch,
        // so each blocked call gets a thread of its own. One shared concurrent queue is limited to
        // about the core count on Linux, and a few calls blocked on a slow peer starved every
        // other request of the process (seen as timeouts under load).
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "seqthink.http-client.io").async {
                do throws(HTTPClientError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }
}
