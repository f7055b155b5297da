import Synchronization

/// The reply handle of one request. Use it exactly once, from any thread: either `respond`
/// or `startStream`. Later calls are ignored. If it is dropped unused, the client gets a 500
/// (a delegate bug must not leave a connection hanging).
public final class HTTPResponder: Sendable {
    /// The request's id, echoed in `X-Request-Id`.
    public let requestID: String
    let loop: EventLoop
    let connection: ConnectionRef
    let maxStreamBufferBytes: Int
    private let used = Atomic<Bool>(false)

    init(loop: EventLoop, connection: ConnectionRef, requestID: String, maxStreamBufferBytes: Int) {
        self.loop = loop
        self.connection = connection
        self.requestID = requestID
        self.maxStreamBufferBytes = maxStreamBufferBytes
    }

    deinit {
        if !used.load(ordering: .acquiring) {
            loop.submit(.unanswered(connection, requestID: requestID))
        }
    }

    /// The index of the event loop that owns the connection (0..<eventLoops): the same index
    /// as its `HTTPServer.executors` entry, so work for this request can stay on that thread.
    public var loopIndex: Int { loop.index }

    /// Sends a complete response. Exactly once; later calls (and calls after `startStream`) are ignored.
    public func respond(_ response: HTTPResponse) {
        guard claim() else { return }
        loop.submit(.respond(connection, response))
    }

    /// Starts a streamed response (chunked on HTTP/1.1; delimited by close on HTTP/1.0).
    /// Used instead of `respond`; if the responder was already used, the writer is closed.
    public func startStream(status: Int, headers: HTTPHeaders) -> HTTPStreamWriter {
        let writer = HTTPStreamWriter(loop: loop, connection: connection, maxBufferedBytes: maxStreamBufferBytes)
        guard claim() else {
            writer.connectionClosed()
            return writer
        }
        loop.submit(.startStream(connection, status: status, headers: headers, writer: writer))
        return writer
    }

    private func claim() -> Bool {
        used.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
