import CSystem
import Glibc
import Synchronization

/// Writing responses and closing. A response is serialized on the loop (the head is small; a
/// small body is copied behind it so one `send` carries both, a large one is queued as is).
extension EventLoopRunner {
    func respond(_ connection: ServerConnection, _ response: HTTPResponse) {
        guard case .awaiting(let exchange) = connection.state else { return }
        // A final status must be 200-999 (1xx are interim): anything else is a delegate bug.
        var response = response
        if !(200...999).contains(response.status) { response.status = 500 }
        let keepAlive = keepAlive(connection, exchange) && !Self.asksToClose(response.headers)
        let hasBody = ResponseSerializer.bodyAllowed(status: response.status)
        let framing: ResponseSerializer.Framing = hasBody ? .length(response.body.count) : .noBody
        let head = serializer.head(status: response.status, headers: response.headers, framing: framing,
                                   keepAlive: keepAlive, requestID: exchange.requestID)
        let sendsBody = hasBody && !exchange.isHead && !response.body.isEmpty
        enqueue(connection, head)
        // Coalesced behind the head when small; queued as its own buffer (no copy) when large.
        if sendsBody { connection.output.append(response.body) }
        finishExchange(connection, keepAlive: keepAlive)
    }

    func startStream(_ connection: ServerConnection, status: Int, headers: HTTPHeaders, writer: HTTPStreamWriter) {
        guard case .awaiting(var exchange) = connection.state else {
            writer.connectionClosed()
            return
        }
        let status = (200...999).contains(status) ? status : 500
        // HTTP/1.0 has no chunked coding: the body ends with the connection.
        let chunked = exchange.version == .http1_1
        exchange.keepAlive = chunked && keepAlive(connection, exchange) && !Self.asksToClose(headers)
        let head = serializer.head(status: status, headers: headers, framing: chunked ? .chunked : .untilClose,
                                   keepAlive: exchange.keepAlive, requestID: exchange.requestID)
        connection.state = .streaming(exchange, writer)
        enqueue(connection, head)
        flush(connection)
    }

    func streamWrite(_ connection: ServerConnection, _ bytes: [UInt8]) {
        guard case .streaming(let exchange, let writer) = connection.state else { return }
        if exchange.isHead {
            writer.released(bytes.count)
            return
        }
        if exchange.version == .http1_1 {
            var chunk = Array(String(bytes.count, radix: 16).utf8) + [13, 10]
            if bytes.count <= OutputQueue.coalesceLimit {
                chunk.append(contentsOf: bytes)
                chunk.append(contentsOf: [13, 10])
                enqueue(connection, chunk, credit: bytes.count, writer: writer)
            } else {
                enqueue(connection, chunk)
                enqueue(connection, bytes, credit: bytes.count, writer: writer)
                enqueue(connection, [13, 10])
            }
        } else {
            enqueue(connection, bytes, credit: bytes.count, writer: writer)
        }
        flush(connection)
    }

    func streamFinish(_ connection: ServerConnection) {
        guard case .streaming(let exchange, let writer) = connection.state else { return }
        let terminator: [UInt8] = exchange.version == .http1_1 && !exchange.isHead ? Array("0\r\n\r\n".utf8) : []
        enqueue(connection, terminator, marker: .streamEnd(writer))
        connection.state = .awaiting(exchange)
        finishExchange(connection, keepAlive: exchange.keepAlive && !shared.draining.load(ordering: .relaxed))
    }

    /// The delegate may end a connection after its response with `Connection: close`.
    private static func asksToClose(_ headers: HTTPHeaders) -> Bool {
        headers["connection"].contains { value in
            value.split(separator: ",").contains { HTTPRequestHeadParser.normalizedToken($0) == "close" }
        }
    }

    /// A half-closed client (EOF after its requests) keeps the connection only while more
    /// complete requests may be buffered; otherwise this response is its last.
    private func keepAlive(_ connection: ServerConnection, _ exchange: ServerConnection.Exchange) -> Bool {
        exchange.keepAlive && !(connection.peerClosed && connection.unconsumed == 0)
            && !shared.draining.load(ordering: .relaxed)
    }

    /// Closes once the queued output is written (at once when nothing is queued).
    func closeAfterFlush(_ connection: ServerConnection, reason: HTTPCloseReason) {
        connection.state = .closing(reason: reason)
        flush(connection)
    }

    private func enqueue(_ connection: ServerConnection, _ bytes: [UInt8], credit: Int = 0,
                         writer: HTTPStreamWriter? = nil, marker: OutputQueue.Marker = .none) {
        if connection.output.isEmpty { connection.lastWriteProgress = now }
        connection.output.append(bytes, credit: credit, writer: writer, marker: marker)
    }

    /// After a whole response is queued: next request (keep-alive) or close once flushed.
    private func finishExchange(_ connection: ServerConnection, keepAlive: Bool) {
        connection.lastActivity = now
        // Closing: shut the write side and drain before closing, so late bytes from the client
        // (a pipelined request, the rest of a body) cannot turn the close into a reset that
        // destroys the response in flight.
        connection.state = keepAlive ? .idle : .closing(reason: .connectionClose)
        flush(connection)
        guard connections[connection.fd] === connection else { return }
        if keepAlive { processInput(connection) }
    }

    /// Writes what the socket takes; closes when a closing connection is drained.
    func flush(_ connection: ServerConnection) {
        if !connection.output.isEmpty {
            let (written, progress) = connection.output.send(to: connection.fd) { marker in
                if case .streamEnd(let writer) = marker { writer.connectionClosed() }
            }
            if written > 0 {
                connection.lastWriteProgress = now
                connection.lastActivity = now
            }
            if case .failed = progress {
                close(connection, reason: .peerClosed)
                return
            }
        }
        if connection.output.isEmpty, case .closing(let reason) = connection.state {
            if !connection.peerClosed {
                shutdown(connection.fd, Int32(SHUT_WR))
                connection.state = .lingering(deadline: now + Self.lingerNanos, discarded: 0, reason: reason)
            } else {
                close(connection, reason: reason)
                return
            }
        }
        updateInterest(connection)
        if connection.output.byteCount < Self.pauseParsingBytes, case .idle = connection.state,
           connection.unconsumed > 0 {
            processInput(connection)
        }
    }

    /// Closes the socket, tells a stream writer, and updates the count. Idempotent per connection.
    func close(_ connection: ServerConnection, reason: HTTPCloseReason) {
        guard connections[connection.fd] === connection else { return }
        connections[connection.fd] = nil
        connection.output.discard()
        if case .streaming(_, let writer) = connection.state { writer.connectionClosed() }
        Glibc.close(connection.fd)
        shared.openConnections.subtract(1, ordering: .relaxed)
        loop.connectionCount.subtract(1, ordering: .relaxed)
        shared.delegate.observe(.closed(remoteAddress: connection.remoteAddress, reason: reason))
    }
}
