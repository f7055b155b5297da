// Plumbing written once for every stage:
//
//    input channel ──receive(upTo: batchSize)──▶ worker 1 ─┐
//                  ──receive(upTo: batchSize)──▶ worker 2 ─┼─▶ stage.process(element) ─▶ next channel
//                  ──receive(upTo: batchSize)──▶ worker N ─┘
//
// Each worker is a child task of `run()`, draining the channel in batches (one lock per batch,
// suspending only when empty). Per element it records queue wait (stamp -> taken) and service
// time into a worker-local Histogram.Accumulator, merged into the shared histograms once per
// batch; inflight goes up by the batch size when taken and down by it when the batch is done
// (an element waiting in a worker's batch is in the stage, not in the queue).
//
// Why child tasks and not a loop inside the stage actor (bench/results-pipeline.md): the actor
// loop was ~7 % cheaper in pure plumbing but can use only one core per stage; child-task workers
// calling a nonisolated `process` cost no executor hop and scale to the cores.
//
// Batches suit stages that compute; a stage that awaits I/O (the MCP backend) should use
// batchSize 1, or one slow call holds up the rest of its batch while other workers idle.
// `run()` returns when the input is finished and drained, or soon after the task is cancelled
// (each worker stops after its current batch; what is still queued stays in the channel).
// run() and the worker loop are @inlinable so they are specialised for the concrete stage.

/// Runs `workers` concurrent consumers of a stage's input channel.
///
/// Wiring and shutdown, for a chain a -> b whose stages may also send errors to egress:
/// ```swift
/// let toB = BoundedChannel<Exchange>(capacity: depth)
/// let a = StageRunner(name: "a", stage: StageA(next: toB, egress: toEgress), input: toA, workers: cores,
///                     metrics: registry.stageMetrics(stage: "a", queue: toA))
/// await withDiscardingTaskGroup { group in
///     group.addTask { await a.run(); toB.finish() }   // a drained: nothing more can reach b
///     ...
/// }
/// ```
/// Finish a channel only when every stage that sends into it has returned (egress, which
/// every stage can reach, last of all); `toA.finish()` starts the drain.
public struct StageRunner<S: Stage>: Sendable {
    public let name: String
    public let stage: S
    public let input: BoundedChannel<S.Input>
    public let workers: Int
    public let batchSize: Int
    /// Where the workers run: worker `i` prefers `executors[i % count]`; empty: Swift's pool.
    public let executors: [any TaskExecutor]
    @usableFromInline let metrics: StageMetrics?

    /// `workers` and `batchSize` below 1 are raised to 1.
    /// `executors`: where the workers run (worker `i` prefers `executors[i % count]`, e.g. an
    /// HTTP server's event loop); empty runs them on Swift's cooperative pool.
    public init(name: String, stage: S, input: BoundedChannel<S.Input>, workers: Int, batchSize: Int = 16,
                executors: [any TaskExecutor] = [], metrics: StageMetrics) {
        self.init(name: name, stage: stage, input: input, workers: workers, batchSize: batchSize,
                  executors: executors, optionalMetrics: metrics)
    }

    /// Without metrics: for tests and for measuring what metrics cost.
    init(name: String, stage: S, input: BoundedChannel<S.Input>, workers: Int, batchSize: Int = 16,
         executors: [any TaskExecutor] = [], optionalMetrics: StageMetrics?) {
        self.name = name
        self.stage = stage
        self.input = input
        self.workers = Swift.max(1, workers)
        self.batchSize = Swift.max(1, batchSize)
        self.executors = executors
        self.metrics = optionalMetrics
    }

    /// Returns when the input channel is finished and drained (or the task is cancelled).
    @inlinable
    public func run() async {
        await withDiscardingTaskGroup { group in
            for index in 0..<workers {
                let executor = executors.isEmpty ? nil : executors[index % executors.count]
                group.addTask(executorPreference: executor) { await self.work() }
            }
        }
    }

    @inlinable
    func work() async {
        guard let metrics else {
            while !Task.isCancelled {
                let batch = await input.receive(upTo: batchSize)
                if batch.isEmpty { return }
                for element in batch { await stage.process(element) }
            }
            return
        }
        var waits = metrics.queueWait.makeAccumulator()
        var durations = metrics.duration.makeAccumulator()
        while !Task.isCancelled {
            let batch = await input.receiveStamped(upTo: batchSize)
            if batch.isEmpty { return }
            metrics.inflight.add(Double(batch.count))
            var taken = ContinuousClock.now
            for stamped in batch {
                waits.observe(stamped.enqueuedAt.duration(to: taken))
                await stage.process(stamped.element)
                let finished = ContinuousClock.now
                durations.observe(taken.duration(to: finished))
                // The next element of the batch waited in the worker until now: count it as queue wait.
                taken = finished
            }
            metrics.queueWait.merge(&waits)
            metrics.duration.merge(&durations)
            metrics.inflight.add(-Double(batch.count))
        }
    }
}
