import JSON

// MCP_LOCAL=stdio:<command line>: an MCP server run as a child process, speaking
// newline-delimited JSON-RPC on its stdin and stdout (basic/transports "stdio").
//
//   handle ──id of our own──▶ pending[id] ──writer queue──▶ child stdin
//   child stdout ──reader thread──▶ LineSplitter (capped) ──▶ JSONParser ──▶ pending[id] resumed
//   child stderr ──reader thread──▶ our log at debug
//   supervisor task: spawn ─▶ initialize ─▶ ready … exit ─▶ fail in-flight calls (502),
//                    /ready 503 ─▶ back-off (doubling, capped; reset after a stable run) ─▶ spawn
//
// One child serves every gateway session (a stdio server has exactly one session), so calls
// from all clients are multiplexed over it by request id; per-session state inside the child
// is shared. Blocking I/O never runs on the cooperative pool: reads and waitpid on dedicated
// threads, writes on a serial dispatch queue (a thread of its own). A line that is not JSON,
// not JSON-RPC, or longer than the cap is dropped and logged (rate-limited, without its
// content); the gateway neither crashes nor stalls on it.

internal import Dispatch
internal import Glibc
internal import Synchronization

/// An external MCP server run as a child process on stdio.
public final class StdioBackend: MCPManagedBackend {
    public struct Configuration: Sendable {
        /// The command line after `stdio:` (split as documented in `CommandLineWords`).
        public var commandLine: String
        /// Per call (MCP_TIMEOUT_S).
        public var timeout: Duration = .seconds(120)
        /// For the child's initialize answer after each start.
        public var startupTimeout: Duration = .seconds(30)
        /// Longest stdout line accepted; longer ones are dropped.
        public var maximumLineBytes: Int = 4 << 20
        /// First restart delay; doubles after each failed run up to `maximumBackoff`.
        public var initialBackoff: Duration = .milliseconds(250)
        public var maximumBackoff: Duration = .seconds(30)
        /// A run at least this long resets the delay to `initialBackoff`.
        public var stableAfter: Duration = .seconds(10)
        /// Sent as clientInfo.version in the gateway's initialize.
        public var clientVersion = "0"

        public init(commandLine: String) { self.commandLine = commandLine }
    }

    public let configuration: Configuration
    /// The command line split into words (argv).
    public let arguments: [String]
    let logger: MCPLogger?
    private let state = Mutex(State())
    private let dropLog = Mutex(DropLog())

    struct Incarnation: Sendable {
        let generation: Int
        let child: ChildProcess
        let writer: DispatchQueue
    }

    private struct Pending {
        let continuation: CheckedContinuation<Result<MCPBackendReply, MCPBackendError>, Never>
        let generation: Int
        var timer: Task<Void, Never>?
    }

    private struct State {
        var status: MCPBackendStatus = .starting
        var current: Incarnation?
        var info: MCPBackendSessionInfo?
        var pending: [JSONRPCID: Pending] = [:]
        var generation = 0
        var stopped = false
        var supervisor: Task<Void, Never>?
        var supervisorDone = false
        var restartDelays: [Duration] = []
        var starts = 0
    }

    private struct DropLog {
        var last: ContinuousClock.Instant?
        var suppressed = 0
        var total = 0
    }

    public init(configuration: Configuration, logger: MCPLogger? = nil) throws(MCPBackendConfigurationError) {
        self.configuration = configuration
        do {
            arguments = try CommandLineWords.split(configuration.commandLine)
        } catch {
            throw MCPBackendConfigurationError("MCP_LOCAL=stdio:\(configuration.commandLine.prefix(200)): \(error.description)")
        }
        self.logger = logger
        signal(SIGPIPE, SIG_IGN)  // a write to a child that died must fail, not kill us
    }

    // MARK: - Observation (tests, /ready)

    public func status() async -> MCPBackendStatus { state.withLock { $0.status } }

    /// The delays waited before each restart so far (the last 64).
    public var restartDelays: [Duration] { state.withLock { $0.restartDelays } }
    /// How many times the child was started.
    public var starts: Int { state.withLock { $0.starts } }
    /// The running child's process id.
    public var childPID: Int32? { state.withLock { $0.current?.child.pid } }
    /// Lines from the child's stdout dropped so far (not JSON-RPC, or too long).
    public var droppedLines: Int { dropLog.withLock { $0.total } }
    /// Calls waiting for an answer.
    public var pendingCalls: Int { state.withLock { $0.pending.count } }

    // MARK: - MCPBackend

    public func handle(_ message: JSONRPCRequest, context: MCPBackendContext) async throws(MCPBackendError) -> JSONRPCResponse? {
        let transport = Transport(backend: self, deadline: ContinuousClock.now + configuration.timeout)
        return try await MCPForwarding.handle(message, context: context, transport: transport)
    }

    /// One child, one MCP session shared by every gateway session: nothing to end.
    public func sessionEnded(_ session: String) async {}

    struct Transport: MCPForwardingTransport {
        let backend: StdioBackend
        let deadline: ContinuousClock.Instant

        func sessionInfo(for session: String) async throws(MCPBackendError) -> MCPBackendSessionInfo {
            let (info, status) = backend.state.withLock { ($0.info, $0.status) }
            guard let info else {
                if case .unavailable(let reason) = status { throw .unavailable(reason) }
                throw .unavailable("backend process is starting")
            }
            return info
        }

        func call(_ request: [UInt8], id: JSONRPCID, session: String) async throws(MCPBackendError) -> MCPBackendReply {
            _ = try await sessionInfo(for: session)
            return try await backend.send(request, id: id, deadline: deadline, duringStartup: false)
        }
    }

    // MARK: - Calls

    func send(_ request: [UInt8], id: JSONRPCID, deadline: ContinuousClock.Instant,
              duringStartup: Bool) async throws(MCPBackendError) -> MCPBackendReply {
        let result: Result<MCPBackendReply, MCPBackendError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let incarnation = state.withLock { state -> Incarnation? in
                    guard let current = state.current, duringStartup || state.info != nil else { return nil }
                    state.pending[id] = Pending(continuation: continuation, generation: current.generation)
                    return current
                }
                guard let incarnation else {
                    continuation.resume(returning: .failure(.unavailable("backend process is not running")))
                    return
                }
                let timer = Task { [weak self] in
                    do {
                        try await Task.sleep(until: deadline)
                        self?.complete(id, .failure(.timedOut))
                    } catch {}
                }
                let stillPending = state.withLock { state -> Bool in
                    guard state.pending[id] != nil else { return false }
                    state.pending[id]?.timer = timer
                    return true
                }
                if !stillPending { timer.cancel() }
                incarnation.writer.async {
                    if !incarnation.child.writeAll(request + [0x0A]) {
                        self.complete(id, .failure(.unavailable("backend process does not read its input")))
                    }
                }
            }
        } onCancel: {
            complete(id, .failure(.unavailable("call cancelled")))
        }
        return try result.get()
    }

    /// Resumes the call waiting for `id`, once; false when none is waiting.
    @discardableResult
    func complete(_ id: JSONRPCID, _ result: Result<MCPBackendReply, MCPBackendError>) -> Bool {
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return false }
        pending.timer?.cancel()
        pending.continuation.resume(returning: result)
        return true
    }

    // MARK: - Lines from the child

    func handleLine(_ line: [UInt8], _ incarnation: Incarnation) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            dropped("not JSON", bytes: line.count)
            return
        }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.decode(value)
        } catch {
            // Valid JSON but not JSON-RPC: when it names a call we wait for, that call fails now
            // (502) rather than at its timeout.
            if let raw = value["id"], let id = JSONRPCID(raw) {
                complete(id, .failure(.unavailable("backend answered with an invalid JSON-RPC message")))
            }
            dropped("not a JSON-RPC message", bytes: line.count)
            return
        }
        switch message {
        case .result(let id, _), .error(let id?, _):
            if !complete(id, .success(MCPBackendReply(bytes: line, message: message))) {
                logger?(.debug, "MCP backend answered request \(id) that no call waits for (timed out?); dropped")
            }
        case .error(nil, let error):
            logger?(.warning, "MCP backend reported an error without an id: \(error.code) \(error.message.prefix(200))")
        case .request(let request):
            // The gateway offers the child no client capabilities: only ping is answered.
            let id = request.id ?? JSONRPCID(0)
            let answer: JSONRPCResponse = request.method == "ping"
                ? .result(id, .object([:]))
                : .error(id, .methodNotFound(request.method))
            incarnation.writer.async { _ = incarnation.child.writeAll(answer.encode() + [0x0A]) }
        case .notification(let notification):
            logger?(.debug, "MCP backend notification \(notification.method.prefix(100))")
        }
    }

    private func dropped(_ why: String, bytes: Int) {
        let report = dropLog.withLock { log -> Int? in
            log.total += 1
            let now = ContinuousClock.now
            if let last = log.last, now - last < .seconds(1) {
                log.suppressed += 1
                return nil
            }
            log.last = now
            defer { log.suppressed = 0 }
            return log.suppressed
        }
        guard let suppressed = report else { return }
        var text = "MCP backend wrote a stdout line that was dropped (\(why), \(bytes) bytes)"
        if suppressed > 0 { text += "; \(suppressed) more dropped since the last report" }
        logger?(.warning, text)
    }

    private func startReaders(_ incarnation: Incarnation) {
        let maximum = configuration.maximumLineBytes
        BackendThread.start { [self] in
            let fd = incarnation.child.stdoutFD
            var splitter = LineSplitter(maximumBytes: maximum)
            Self.readLoop(fd) { chunk in
                splitter.feed(chunk) { item in
                    switch item {
                    case .line(let line): self.handleLine(line, incarnation)
                    case .overlong: self.dropped("longer than \(maximum) bytes", bytes: maximum)
                    }
                }
            }
            close(fd)
        }
        BackendThread.start { [logger] in
            let fd = incarnation.child.stderrFD
            var splitter = LineSplitter(maximumBytes: 16 * 1024)
            Self.readLoop(fd) { chunk in
                splitter.feed(chunk) { item in
                    switch item {
                    case .line(let line):
                        logger?(.debug, "MCP backend stderr: \(String(decoding: line.prefix(4096), as: UTF8.self))")
                    case .overlong:
                        logger?(.debug, "MCP backend stderr: (a line longer than 16 KiB, dropped)")
                    }
                }
            }
            close(fd)
        }
    }

    /// Reads `fd` until end of file, handing each chunk to `body` (blocking: a dedicated thread).
    private static func readLoop(_ fd: Int32, _ body: (UnsafeRawBufferPointer) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            if n == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    // MARK: - Supervision

    public func start() async {
        let task = Task { await self.supervise() }
        state.withLock { $0.supervisor = task }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func supervise() async {
        defer { state.withLock { $0.supervisorDone = true } }
        var delay = configuration.initialBackoff
        while !isStopped {
            let started = ContinuousClock.now
            let child: ChildProcess
            do {
                child = try ChildProcess.spawn(arguments)
            } catch {
                setUnavailable(error.description)
                logger?(.warning, "MCP backend process could not start: \(error.description)")
                guard await backOff(&delay, started: started) else { break }
                continue
            }
            let incarnation = state.withLock { state -> Incarnation in
                state.generation += 1
                state.starts += 1
                let incarnation = Incarnation(generation: state.generation, child: child,
                                              writer: DispatchQueue(label: "seqthink.mcp-stdio.writer"))
                state.current = incarnation
                state.info = nil
                return incarnation
            }
            startReaders(incarnation)
            // The exit is handled as soon as it happens (a pending initialize fails at once).
            let exit = Task { () -> (String, Int) in
                let how = await BackendThread.run { child.waitForExit() }
                return (how, self.childExited(incarnation, how))
            }
            if isStopped { child.signalGroup(SIGKILL) }  // shutdown began while it was being spawned
            do throws(MCPBackendError) {
                let info = try await initialize(incarnation)
                let ready = state.withLock { state -> Bool in
                    guard !state.stopped, state.current?.generation == incarnation.generation else { return false }
                    state.info = info
                    state.status = .ready
                    return true
                }
                if ready {
                    logger?(.info, "MCP backend process \(child.pid) ready (protocol \(info.protocolVersion))")
                }
            } catch {
                logger?(.warning, "MCP backend process \(child.pid) did not initialize: \(HTTPBackend.reason(error)); killing it")
                child.signalGroup(SIGKILL)
            }
            let (how, failed) = await exit.value
            if isStopped {
                logger?(.info, "MCP backend process \(child.pid) \(how)")
                break
            }
            logger?(.warning, "MCP backend process \(child.pid) \(how); \(failed) call(s) in flight failed")
            guard await backOff(&delay, started: started) else { break }
        }
    }

    /// The child is gone: /ready turns 503 and its calls in flight fail (502). Returns how many.
    private func childExited(_ incarnation: Incarnation, _ how: String) -> Int {
        let child = incarnation.child
        child.closeStdin()
        let failed = state.withLock { state -> [Pending] in
            if state.current?.generation == incarnation.generation {
                state.current = nil
                state.info = nil
            }
            if !state.stopped { state.status = .unavailable(reason: "backend process \(how)") }
            let mine = state.pending.filter { $0.value.generation == incarnation.generation }
            for id in mine.keys { state.pending[id] = nil }
            return Array(mine.values)
        }
        for pending in failed {
            pending.timer?.cancel()
            pending.continuation.resume(returning: .failure(.unavailable("backend process \(how)")))
        }
        return failed.count
    }

    /// initialize, then notifications/initialized.
    private func initialize(_ incarnation: Incarnation) async throws(MCPBackendError) -> MCPBackendSessionInfo {
        let id = MCPForwarding.newID()
        let request = MCPForwarding.initializeRequest(id: id, clientVersion: configuration.clientVersion)
        let reply = try await send(request, id: id, deadline: ContinuousClock.now + configuration.startupTimeout, duringStartup: true)
        let info = try MCPForwarding.sessionInfo(from: reply)
        incarnation.writer.async { _ = incarnation.child.writeAll(MCPForwarding.initializedNotification + [0x0A]) }
        return info
    }

    /// Waits before the next start: the delay doubles after each run shorter than
    /// `stableAfter` and resets after a longer one. False when shutdown interrupted it.
    private func backOff(_ delay: inout Duration, started: ContinuousClock.Instant) async -> Bool {
        if ContinuousClock.now - started >= configuration.stableAfter { delay = configuration.initialBackoff }
        let wait = delay
        state.withLock { state in
            state.restartDelays.append(wait)
            if state.restartDelays.count > 64 { state.restartDelays.removeFirst() }
        }
        do {
            try await Task.sleep(for: wait)
        } catch {
            return false
        }
        delay = min(delay * 2, configuration.maximumBackoff)
        return !isStopped
    }

    private func setUnavailable(_ reason: String) {
        state.withLock { if !$0.stopped { $0.status = .unavailable(reason: reason) } }
    }

    public func shutdown(grace: Duration) async {
        let (supervisor, current) = state.withLock { state -> (Task<Void, Never>?, Incarnation?) in
            state.stopped = true
            state.status = .unavailable(reason: "shutting down")
            return (state.supervisor, state.current)
        }
        guard let supervisor else { return }
        if let current {
            // End of input first (a stdio server exits on it), then SIGTERM to its group; the
            // supervisor returns once the child has exited and been reaped.
            current.child.closeStdin()
            current.child.signalGroup(SIGTERM)
            let deadline = ContinuousClock.now + grace
            while !state.withLock({ $0.supervisorDone }), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if !state.withLock({ $0.supervisorDone }) {
                logger?(.warning, "MCP backend process \(current.child.pid) still running \(grace) after SIGTERM; SIGKILL")
                current.child.signalGroup(SIGKILL)
            }
        }
        supervisor.cancel()  // ends a back-off wait
        await supervisor.value
    }
}
