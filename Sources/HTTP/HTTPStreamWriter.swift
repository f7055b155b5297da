import Synchronization

/// Writes the body of a streamed response (e.g. server-sent events) from any thread.
///
/// Bounded: bytes handed to `write` count against `maxStreamBufferBytes` until the socket took
/// them. Past the cap the writer closes and the connection is dropped (a client that does not
/// read must not make the server buffer without limit).
public final class HTTPStreamWriter: Sendable {
    private struct State {
        var buffered = 0
        var closed = false
        var finished = false
        var handlers: [@Sendable () -> Void] = []
    }

    let loop: EventLoop
    let connection: ConnectionRef
    let maxBufferedBytes: Int
    private let state = Mutex(State())

    init(loop: EventLoop, connection: ConnectionRef, maxBufferedBytes: Int) {
        self.loop = loop
        self.connection = connection
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// Queues `bytes` as the next piece of the body. Returns false once the client is gone,
    /// the stream finished, or the buffer passed its cap (then the connection closes).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        enum Outcome { case refused, queued, overflow }
        let outcome: Outcome = state.withLock { state in
            if state.closed || state.finished { return .refused }
            state.buffered += bytes.count
            if state.buffered > maxBufferedBytes {
                state.closed = true
                return .overflow
            }
            return .queued
        }
        switch outcome {
        case .refused: return false
        case .queued:
            if !bytes.isEmpty { loop.submit(.streamWrite(connection, bytes)) }
            return true
        case .overflow:
            loop.submit(.streamAbort(connection))
            return false
        }
    }

    /// Ends the body. `onClose` handlers run once the end reached the socket.
    public func finish() {
        let first = state.withLock { state -> Bool in
            if state.closed || state.finished { return false }
            state.finished = true
            return true
        }
        if first { loop.submit(.streamFinish(connection)) }
    }

    /// Runs `handler` once, when the client disconnects or `finish()` completed; at once if that
    /// already happened.
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.closed { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Whether the stream is closed (client gone, cap passed, or finished and flushed).
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Called by the event loop when `count` bytes of this stream reached the socket.
    func released(_ count: Int) {
        state.withLock { $0.buffered -= count }
    }

    /// Called by the event loop when the connection closed or the finished stream was flushed.
    func connectionClosed() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            if state.closed && state.handlers.isEmpty { return [] }
            state.closed = true
            defer { state.handlers = [] }
            return state.handlers
        }
        for handler in handlers { handler() }
    }
}
