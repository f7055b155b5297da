import CSystem
import Glibc
import Synchronization

/// Reading and parsing. One bounded read per wake-up (level-triggered epoll reports the rest);
/// bytes are copied from the loop's read buffer into the connection's input, then the parser
/// consumes them. A request is dispatched to the delegate only when the previous one on the
/// same connection was answered, so pipelined responses leave in order.
extension EventLoopRunner {
    func readable(_ connection: ServerConnection) {
        let count = readBuffer.withUnsafeMutableBytes { Glibc.read(connection.fd, $0.baseAddress, $0.count) }
        if count < 0 {
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR: return
            default:
                close(connection, reason: .peerClosed)
                return
            }
        }
        if case .lingering(let deadline, let discarded, let reason) = connection.state {
            if count == 0 || discarded + count > Self.lingerMaxBytes {
                close(connection, reason: reason)
            } else {
                connection.state = .lingering(deadline: deadline, discarded: discarded + count, reason: reason)
            }
            return
        }
        if count == 0 {
            peerClosed(connection)
            return
        }
        connection.lastActivity = now
        connection.input.append(contentsOf: readBuffer[0..<count])
        switch connection.state {
        case .idle, .reading: processInput(connection)
        default: updateInterest(connection)
        }
    }

    /// EOF from the peer: finish what can be finished, otherwise close.
    private func peerClosed(_ connection: ServerConnection) {
        connection.peerClosed = true
        switch connection.state {
        case .awaiting:
            // A half-closed client may still read the answer; closed after it.
            updateInterest(connection)
        case .streaming:
            // Stream clients do not half-close: EOF means the client went away.
            close(connection, reason: .peerClosed)
        case .closing:
            updateInterest(connection)
        case .idle, .reading:
            // Complete requests already buffered are still answered; then the connection closes.
            processInput(connection)
        case .lingering:
            close(connection, reason: .peerClosed)
        }
    }

    /// Parses and dispatches while the connection may take a new request.
    func processInput(_ connection: ServerConnection) {
        defer {
            connection.compactInput()
            if connections[connection.fd] === connection { updateInterest(connection) }
        }
        while true {
            switch connection.state {
            case .idle, .reading: break
            default: return
            }
            if connection.output.byteCount >= Self.pauseParsingBytes { return }
            if connection.unconsumed == 0 && !connection.parser.isMidRequest {
                connection.state = .idle
                if connection.peerClosed { closeAfterFlush(connection, reason: .peerClosed) }
                return
            }
            if connection.headStartedAt == nil { connection.headStartedAt = now }
            let (consumed, event) = connection.input.withUnsafeBufferPointer {
                connection.parser.next(UnsafeBufferPointer(rebasing: $0[connection.inputStart...]))
            }
            connection.inputStart += consumed
            switch event {
            case .needMore:
                connection.state = .reading
                if connection.peerClosed { closeAfterFlush(connection, reason: .peerClosed) }
                return
            case .head(let head):
                connection.state = .reading
                connection.receivedAt = .now
                if head.expectsContinue && connection.unconsumed == 0 {
                    connection.output.append(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                    flush(connection)
                    guard connections[connection.fd] === connection else { return }
                }
            case .request(let head, let body):
                dispatch(connection, head: head, body: body)
            case .failed(let error):
                answerError(connection, status: error.status, code: error.code, message: error.message,
                            reason: .connectionClose)
                return
            }
        }
    }

    private func dispatch(_ connection: ServerConnection, head: HTTPRequestHead, body: [UInt8]) {
        let requestID = RequestID.resolve(head.requestIDField, using: &random)
        let receivedAt = connection.receivedAt ?? .now
        connection.receivedAt = nil
        connection.headStartedAt = nil
        connection.requestsServed += 1
        connection.state = .awaiting(ServerConnection.Exchange(
            requestID: requestID, version: head.version, keepAlive: head.keepAlive, isHead: head.isHead))
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version,
                                  headers: head.headers, body: body, requestID: requestID,
                                  remoteAddress: connection.remoteAddress, receivedAt: receivedAt)
        let responder = HTTPResponder(loop: loop, connection: connection.ref, requestID: requestID,
                                      maxStreamBufferBytes: configuration.maxStreamBufferBytes)
        shared.delegate.handle(request, responder: responder)
    }

    /// An answer from the HTTP layer itself: JSON error body, `Connection: close`, graceful close.
    func answerError(_ connection: ServerConnection, status: Int, code: String, message: String, reason: HTTPCloseReason) {
        let partial = connection.parser.partial
        let requestID = RequestID.resolve(partial.requestIDField, using: &random)
        let body = HTTPErrorBody.json(code: code, message: message, requestID: requestID)
        let head = serializer.head(status: status, headers: ["Content-Type": "application/json"],
                                   framing: .length(body.count), keepAlive: false, requestID: requestID)
        let started = connection.headStartedAt ?? connection.lastActivity
        connection.output.append(head + body)
        connection.lastWriteProgress = now
        connection.state = .closing(reason: reason)
        shared.delegate.observe(.answered(HTTPLayerResponse(
            status: status, code: code, message: message, requestID: requestID,
            method: partial.method, path: partial.path, remoteAddress: connection.remoteAddress,
            bytes: head.count + body.count, duration: .nanoseconds(Int64(now &- started)))))
        flush(connection)
    }
}
