import Synchronization

/// A `TaskExecutor` that runs Swift jobs on one event-loop thread, between its epoll waits.
///
/// Why: a request handed from a loop thread to tasks on Swift's cooperative pool, and its reply
/// handed back, crosses threads at every step; on a small machine that is context switches,
/// futex and eventfd wake-ups that cost more than the work of a cheap request. Tasks that prefer
/// a loop's executor (`Task(executorPreference:)`, `addTask(executorPreference:)`) run on that
/// loop thread: a request read there, taken by such a task, and answered from it never leaves the
/// thread (replies posted from the loop skip the eventfd).
///
/// Rules for work run here: it must not block (it holds up every connection of the loop), and
/// long CPU work delays the loop's I/O by that long, as it would any nginx worker.
///
/// Lifetime: jobs enqueued before the server starts, or after its loop has stopped, go to the
/// global concurrent executor instead, so a task that prefers this executor always makes
/// progress (a drain that outlives the loops still completes).
public final class EventLoopExecutor: TaskExecutor, Sendable {
    /// The loop's index (0-based), for logs and tests.
    public let index: Int
    private let loop = Mutex<EventLoop?>(nil)

    init(index: Int) { self.index = index }

    /// Called by the loop thread when it starts (`loop`) and when it has stopped (`nil`).
    func bind(_ loop: EventLoop?) {
        self.loop.withLock { $0 = loop }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if let loop = loop.withLock({ $0 }), loop.submitJob(job) { return }
        globalConcurrentExecutor.enqueue(ExecutorJob(job))
    }

    /// Runs a job taken from the loop's inbox (loop thread only).
    func run(_ job: UnownedJob) {
        job.runSynchronously(on: asUnownedTaskExecutor())
    }
}
