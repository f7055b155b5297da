internal import Synchronization

/// The body of a streamed response as an `AsyncSequence` of byte chunks (at most 16 KiB
/// each, chunked framing removed).
///
/// Pull-based: each `next()` reads once on an I/O thread, so nothing is buffered beyond one
/// read and a slow consumer slows the server (TCP back-pressure), never memory. Iterate from
/// one task at a time. The stream owns its connection: at the end of a reusable body the
/// connection goes back to the pool; on an error, `cancel()`, or when the stream is dropped
/// early it is closed. Cancelling the iterating task wakes a blocked read.
public final class HTTPClientBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    public typealias Failure = HTTPClientError

    static let chunkBytes = 16 * 1024

    private enum Progress: Sendable {
        case length(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case untilClose
        case finished
    }

    private struct State: @unchecked Sendable {
        var connection: HTTPClientConnection?
        var progress: Progress
    }

    private let state: Mutex<State>
    private let reusable: Bool
    private let readTimeout: Duration
    private let client: HTTPClient

    init(connection: HTTPClientConnection, framing: HTTPClientResponseParser.Framing, reusable: Bool,
         readTimeout: Duration, client: HTTPClient) {
        let progress: Progress = switch framing {
        case .none: .finished
        case .length(let length): length == 0 ? .finished : .length(remaining: length)
        case .chunked: .chunkSize
        case .close: .untilClose
        }
        self.reusable = reusable
        self.readTimeout = readTimeout
        self.client = client
        state = Mutex(State(connection: connection, progress: progress))
        if case .finished = progress { finish(reusable: reusable) }
    }

    deinit {
        if let connection = state.withLock({ $0.connection }) { client.release(connection, reusable: false) }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: HTTPClientBodyStream

        public mutating func next() async throws(HTTPClientError) -> [UInt8]? {
            try await stream.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(HTTPClientError) -> [UInt8]? {
            try await stream.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }

    /// Reads the whole remaining body, refusing more than `maximumBytes`.
    public func collect(maximumBytes: Int) async throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        while let chunk = try await next() {
            guard body.count + chunk.count <= maximumBytes else {
                cancel()
                throw .responseTooLarge(limit: maximumBytes)
            }
            body += chunk
        }
        return body
    }

    /// Stops reading and closes the connection (waking a read in progress).
    public func cancel() {
        state.withLock { $0.connection }?.socket.shutdown()
        finish(reusable: false)
    }

    private func finish(reusable: Bool) {
        let connection = state.withLock { state -> HTTPClientConnection? in
            state.progress = .finished
            defer { state.connection = nil }
            return state.connection
        }
        if let connection { client.release(connection, reusable: reusable) }
    }

    private func next() async throws(HTTPClientError) -> [UInt8]? {
        // The read keeps its own reference to the connection: a concurrent `cancel()` shuts
        // the socket down (the read fails at once) and gives the pool slot back.
        let taken = state.withLock { state -> (HTTPClientConnection, Progress)? in
            guard let connection = state.connection else { return nil }
            if case .finished = state.progress { return nil }
            return (connection, state.progress)
        }
        guard let (connection, progress) = taken else { return nil }
        let deadline = ContinuousClock.now + readTimeout
        let result = await withTaskCancellationHandler {
            await client.onIOThreadResult { () throws(HTTPClientError) in
                // Steps that yield no bytes (a chunk-size line) are not shown to the consumer.
                var progress = progress
                while true {
                    let (chunk, next) = try Self.step(connection, progress, deadline: deadline)
                    if chunk != nil { return (chunk, next) }
                    if case .finished = next { return (nil, next) }
                    progress = next
                }
            }
        } onCancel: {
            connection.socket.shutdown()
        }
        switch result {
        case .success(let (chunk, next)):
            let done = state.withLock { state -> Bool in
                guard state.connection != nil else { return false }
                state.progress = next
                if case .finished = next { return true }
                return false
            }
            if done { finish(reusable: reusable) }
            return chunk
        case .failure(let error):
            cancel()
            throw Task.isCancelled ? .cancelled : error
        }
    }

    /// One blocking read: the bytes it yields (nil: none) and the progress after it.
    private static func step(_ connection: HTTPClientConnection, _ progress: Progress,
                             deadline: ContinuousClock.Instant) throws(HTTPClientError) -> ([UInt8]?, Progress) {
        var parser = HTTPClientResponseParser.incremental(connection, deadline: deadline)
        defer { parser.commit() }
        switch progress {
        case .finished:
            return (nil, .finished)
        case .length(let remaining):
            guard let bytes = try parser.readSome(maximum: Swift.min(remaining, chunkBytes)) else { throw .connectionClosed }
            return (bytes, remaining == bytes.count ? .finished : .length(remaining: remaining - bytes.count))
        case .chunkSize:
            let size = try parser.readChunkSize()
            if size == 0 {
                try parser.readTrailers()
                return (nil, .finished)
            }
            return (nil, .chunkData(remaining: size))
        case .chunkData(let remaining):
            guard let bytes = try parser.readSome(maximum: Swift.min(remaining, chunkBytes)) else { throw .connectionClosed }
            if remaining == bytes.count {
                try parser.readChunkEnd()
                return (bytes, .chunkSize)
            }
            return (bytes, .chunkData(remaining: remaining - bytes.count))
        case .untilClose:
            guard let bytes = try parser.readSome(maximum: chunkBytes) else { return (nil, .finished) }
            return (bytes, .untilClose)
        }
    }
}
