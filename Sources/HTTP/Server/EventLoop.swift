import CSystem
import Dispatch
import Foundation
import Glibc
import Synchronization

/// One event-loop thread's public face: its epoll set, its wake-up eventfd and its inbox.
///
/// Threads: the loop runs on its own `Thread` (never Swift's cooperative pool); everything in
/// `EventLoopRunner` is confined to it. Any thread may `submit` a command: the inbox is a
/// Mutex-protected array (multi-producer, single consumer), and the eventfd wakes `epoll_wait`
/// only when the inbox goes from "drained" to "has work", so a burst of replies costs one wake-up.
/// Commands submitted from the loop thread itself never touch the eventfd: the loop drains its
/// inbox after every batch of events.
final class EventLoop: Sendable {
    private struct Inbox {
        var commands: [LoopCommand] = []
        var wakePending = false
        /// Jobs are taken only while the loop thread runs (see `EventLoopExecutor`).
        var takesJobs = false
    }

    let index: Int
    let epollFD: Int32
    let wakeFD: Int32
    let shared: ServerShared
    private let inbox = Mutex(Inbox())
    private let thread = Atomic<UInt>(0)
    private let exited = DispatchSemaphore(value: 0)
    private let started = Atomic<Bool>(false)
    /// Connections this loop owns or is about to adopt (for least-loaded hand-off).
    let connectionCount = Atomic<Int>(0)

    static let listenerToken = UInt64.max
    static let wakeToken = UInt64.max - 1

    /// Runs Swift jobs on this loop's thread.
    let executor: EventLoopExecutor

    init(index: Int, shared: ServerShared, executor: EventLoopExecutor) throws {
        self.index = index
        self.executor = executor
        self.shared = shared
        epollFD = csystem_epoll_create()
        guard epollFD >= 0 else { throw HTTPServerError.system("epoll_create1", errno) }
        wakeFD = csystem_eventfd()
        guard wakeFD >= 0 else {
            close(epollFD)
            throw HTTPServerError.system("eventfd", errno)
        }
        guard csystem_epoll_ctl(epollFD, CSYSTEM_EPOLL_CTL_ADD, wakeFD, CSYSTEM_EPOLLIN, Self.wakeToken) == 0 else {
            let code = errno
            close(epollFD)
            close(wakeFD)
            throw HTTPServerError.system("epoll_ctl", code)
        }
    }

    deinit {
        close(epollFD)
        close(wakeFD)
    }

    /// Spawns the loop thread.
    func start() {
        started.store(true, ordering: .releasing)
        inbox.withLock { $0.takesJobs = true }
        executor.bind(self)
        let thread = Thread { [self] in
            self.thread.store(UInt(pthread_self()), ordering: .releasing)
            let runner = EventLoopRunner(loop: self)
            runner.run()
            self.exited.signal()
        }
        thread.name = "seqthink-http-\(index)"
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Waits for the loop thread to end (after `.shutdown`). Returns at once if it never started.
    func join() {
        guard started.load(ordering: .acquiring) else { return }
        exited.wait()
        exited.signal()
    }

    var isCurrentThread: Bool { thread.load(ordering: .acquiring) == UInt(pthread_self()) }

    /// Queues a command for the loop; callable from any thread.
    func submit(_ command: LoopCommand) {
        let onLoop = isCurrentThread
        let wake = inbox.withLock { inbox -> Bool in
            inbox.commands.append(command)
            if onLoop || inbox.wakePending { return false }
            inbox.wakePending = true
            return true
        }
        if wake { _ = csystem_eventfd_signal(wakeFD) }
    }

    /// Queues a Swift job for the loop thread; false once the loop has stopped taking jobs
    /// (the executor then hands it to the global executor).
    func submitJob(_ job: UnownedJob) -> Bool {
        let onLoop = isCurrentThread
        let result = inbox.withLock { inbox -> (taken: Bool, wake: Bool) in
            guard inbox.takesJobs else { return (false, false) }
            inbox.commands.append(.job(job))
            if onLoop || inbox.wakePending { return (true, false) }
            inbox.wakePending = true
            return (true, true)
        }
        if result.wake { _ = csystem_eventfd_signal(wakeFD) }
        return result.taken
    }

    /// Whether commands are queued (loop thread: decides whether epoll may sleep).
    var hasCommands: Bool { inbox.withLock { !$0.commands.isEmpty } }

    /// After the loop stopped (on its way out, and again by `HTTPServer.shutdown` once every loop
    /// was joined): sockets handed over late are closed, not leaked; stream writers are told.
    func discardPendingCommands() {
        inbox.withLock { $0.takesJobs = false }
        executor.bind(nil)
        for command in takeCommands() {
            switch command {
            case .adopt(let fd, _):
                close(fd)
                shared.openConnections.subtract(1, ordering: .relaxed)
                connectionCount.subtract(1, ordering: .relaxed)
            case .startStream(_, _, _, let writer):
                writer.connectionClosed()
            case .job(let job):
                // The loop is gone; the task still has to finish (a drain, a cancelled wait).
                globalConcurrentExecutor.enqueue(ExecutorJob(job))
            default:
                break
            }
        }
    }

    /// Takes everything queued (loop thread only).
    func takeCommands() -> [LoopCommand] {
        inbox.withLock { inbox in
            inbox.wakePending = false
            guard !inbox.commands.isEmpty else { return [] }
            defer { inbox.commands = [] }
            return inbox.commands
        }
    }
}
