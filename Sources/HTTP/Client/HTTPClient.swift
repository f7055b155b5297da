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
/// `SIGPIPE`: writes use `MSG_NOSIGNAL`, but OpenSSL writes with `write(2)`, so creating a
/// client sets `SIGPIPE` to ignored for the process (what every server wants anyway).
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let pool: HTTPClientConnectionPool
    private let tlsContext = Mutex<TLSClientContext?>(nil)
    private static let ioQueue = DispatchQueue(label: "seqthink.http-client.io", attributes: .concurrent)

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
        pool = HTTPClientConnectionPool(maximumPerHost: configuration.maximumConnectionsPerHost,
                                        idleTimeout: configuration.idleTimeout)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Sends `request` and returns the complete response, or throws `HTTPClientError`.
    public func execute(_ request: HTTPClientRequest, timeout: Duration) async throws(HTTPClientError) -> HTTPClientResponse {
        let endpoint = try HTTPClientEndpoint(url: request.url)
        let wire = try request.serialized(target: endpoint)
        let deadline = ContinuousClock.now + timeout
        let limit = request.maximumResponseBytes ?? configuration.maximumResponseBytes
        var retried = false
        while true {
            let grant = await pool.acquire(endpoint.poolKey)
            if Task.isCancelled {
                if case .reuse(let connection) = grant { pool.release(connection, reusable: true) } else { pool.releaseUnopened(endpoint.poolKey) }
                throw .cancelled
            }
            let reused: Bool
            let connection: HTTPClientConnection
            switch grant {
            case .reuse(let pooled):
                connection = pooled
                reused = true
            case .open:
                do {
                    connection = try await onIOThread { () throws(HTTPClientError) in
                        try HTTPClientConnection.open(endpoint, tlsContext: try self.sharedTLSContext(), deadline: deadline)
                    }
                } catch {
                    pool.releaseUnopened(endpoint.poolKey)
                    throw error
                }
                reused = false
            }
            do {
                let outcome = await withTaskCancellationHandler {
                    await onIOThreadResult { () throws(HTTPClientError) in
                        try connection.write(wire, deadline: deadline)
                        let (response, reusable) = try HTTPClientResponseParser.read(
                            from: connection, method: request.method, maximumBodyBytes: limit, deadline: deadline)
                        return Exchange(response: response, reusable: reusable)
                    }
                } onCancel: {
                    connection.socket.shutdown()
                }
                let (response, reusable) = try outcome.map { ($0.response, $0.reusable) }.get()
                connection.requestsServed += 1
                pool.release(connection, reusable: reusable && !Task.isCancelled)
                return response
            } catch {
                pool.release(connection, reusable: false)
                if Task.isCancelled { throw .cancelled }
                // A pooled connection the server had already closed: try once on a new one.
                if reused, !retried, request.isIdempotent, error == .connectionClosed {
                    retried = true
                    continue
                }
                throw error
            }
        }
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

    private struct Exchange: @unchecked Sendable {
        let response: HTTPClientResponse
        let reusable: Bool
    }

    private func onIOThread<T: Sendable>(_ work: @escaping @Sendable () throws(HTTPClientError) -> T) async throws(HTTPClientError) -> T {
        try await onIOThreadResult(work).get()
    }

    private func onIOThreadResult<T: Sendable>(_ work: @escaping @Sendable () throws(HTTPClientError) -> T) async -> Result<T, HTTPClientError> {
        await withCheckedContinuation { continuation in
            Self.ioQueue.async {
                do throws(HTTPClientError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }
}
