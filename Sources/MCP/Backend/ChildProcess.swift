// A child process started with posix_spawnp (no shell), with pipes for stdin, stdout and
// stderr, in a process group of its own (so `npx` and the node it starts are signalled
// together), with default signal dispositions and an empty signal mask (the gateway ignores
// SIGPIPE and may block SIGTERM for its dispatch sources; the child must not inherit either).
//
// Every blocking call (waitpid, reads) runs on a dedicated thread, never on the cooperative
// pool: `BackendThread.start` creates a detached pthread.

internal import CSystem
internal import Glibc
internal import Synchronization

final class ChildProcess: Sendable {
    let pid: pid_t
    /// Our ends of the pipes.
    let stdinFD: Int32
    let stdoutFD: Int32
    let stderrFD: Int32
    private let stdinClosed = Atomic<Bool>(false)

    struct SpawnFailure: Error, CustomStringConvertible {
        let description: String
    }

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    static func spawn(_ arguments: [String]) throws(SpawnFailure) -> ChildProcess {
        precondition(!arguments.isEmpty)
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard csystem_pipe_cloexec(&input) == 0 else { throw SpawnFailure(description: "pipe: \(errnoText())") }
        guard csystem_pipe_cloexec(&output) == 0 else {
            closeAll(input)
            throw SpawnFailure(description: "pipe: \(errnoText())")
        }
        guard csystem_pipe_cloexec(&errors) == 0 else {
            closeAll(input + output)
            throw SpawnFailure(description: "pipe: \(errnoText())")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on 0, 1, 2; every other descriptor of ours has it set
        // (the pipes above, sockets from accept4/SOCK_CLOEXEC), and closefrom makes sure.
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        csystem_spawn_closefrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, argv[0]!, &actions, &attributes, argv, environ)
        close(input[0])
        close(output[1])
        close(errors[1])
        guard result == 0 else {
            closeAll([input[1], output[0], errors[0]])
            throw SpawnFailure(description: "cannot start \(arguments[0].prefix(200)): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid, stdinFD: input[1], stdoutFD: output[0], stderrFD: errors[0])
    }

    /// Writes all of `bytes` to the child's stdin (blocking: call from a dedicated queue).
    /// False when the child no longer reads (EPIPE) or stdin was closed.
    func writeAll(_ bytes: [UInt8]) -> Bool {
        guard !stdinClosed.load(ordering: .acquiring) else { return false }
        var offset = 0
        return bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = write(stdinFD, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// Closes stdin (an MCP stdio server exits on end of input).
    func closeStdin() {
        if !stdinClosed.exchange(true, ordering: .acquiringAndReleasing) { close(stdinFD) }
    }

    /// Signals the whole process group.
    func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// Blocks until the child exits, kills what it left in its process group (while the
    /// unreaped child still holds the group id, so no other group can be hit), then reaps it.
    /// Returns a description of how it ended.
    func waitForExit() -> String {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        signalGroup(SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return "wait failed: \(Self.errnoText())" }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (the C macros are not imported).
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "killed by signal \(signal)"
    }

    /// Closes the read ends (after the readers finished).
    func closeOutputs() {
        close(stdoutFD)
        close(stderrFD)
    }

    private static func closeAll(_ fds: [Int32]) { for fd in fds where fd >= 0 { close(fd) } }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// A detached pthread for blocking work (the cooperative pool has as few threads as cores).
enum BackendThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { raw in
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box)
        if result != 0 {
            // No thread: run inline rather than lose the work (only under resource exhaustion).
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
        }
    }

    /// Runs blocking `work` on its own thread and suspends until it is done.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: work()) }
        }
    }
}
