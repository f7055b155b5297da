// A closed-loop micro-benchmark of the plumbing: `stages` stages joined by BoundedChannels,
// `inFlight` messages circulating, each stage forwarding (optionally after spinning `work`
// of CPU). It compares shapes of stage and of metrics recording, and reports wall time, CPU
// (getrusage, whole process), context switches and end-to-end latency per message.
// Meant for release builds: `bench/pipeline/run.sh`, or a hidden `seqthink bench-pipeline`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Measures channel hop cost and the cost of metrics recording.
public enum PipelineBenchmark {
    public enum Shape: String, Sendable, CaseIterable {
        /// StageRunner workers calling a nonisolated `process`, no metrics.
        case runner
        /// The same with StageMetrics (per-worker accumulators, merged per batch).
        case runnerMetrics = "runner+metrics"
        /// The same but every message sends `await metricsActor.record(...)` from every stage.
        case runnerActorMetrics = "runner+actor-metrics"
        /// StageRunner workers calling an actor-isolated `process` (one actor hop per message).
        case actorProcess = "actor-process"
        /// Each stage an actor running its own batch receive loop (one consumer per stage).
        case actorLoop = "actor-loop"
    }

    public struct Options: Sendable {
        public var messages = 200_000
        public var inFlight = 64
        public var stages = 6
        public var workers = 1
        public var batchSize = 16
        public var queueDepth = 64
        /// CPU spun in each of `workStages` per message, emulating crypto.
        public var work: Duration = .zero
        public var workStages: Set<Int> = [2, 3, 4]
        public init() {}
    }

    public struct Result: Sendable {
        public var shape: Shape
        public var options: Options
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var contextSwitches: Int
        public var p50: Duration
        public var p99: Duration

        public var messagesPerSecond: Double { Double(options.messages) / wallSeconds }
        /// CPU per message divided by the channel hops it makes (stages + the return channel).
        public var cpuMicrosPerHop: Double { cpuSeconds / Double(options.messages) / Double(options.stages + 1) * 1e6 }
        public var cpuMicrosPerMessage: Double { cpuSeconds / Double(options.messages) * 1e6 }
    }

    /// Runs every shape in `shapes` once with `options` and returns a Markdown table.
    public static func run(_ options: Options = Options(), shapes: [Shape] = Shape.allCases) async -> String {
        var results: [Result] = []
        for shape in shapes { results.append(await measure(shape, options)) }
        return table(results)
    }

    /// One run of one shape.
    public static func measure(_ shape: Shape, _ options: Options) async -> Result {
        let channels = (0...options.stages).map { _ in BoundedChannel<BenchMessage>(capacity: options.queueDepth) }
        let registry = MetricsRegistry()
        let recorder = BenchMetricsActor(stages: options.stages)
        let before = Usage.now()
        let started = ContinuousClock.now
        var latencies: [Duration] = []
        latencies.reserveCapacity(options.messages)

        await withDiscardingTaskGroup { group in
            for index in 0..<options.stages {
                let input = channels[index], next = channels[index + 1]
                let work = options.workStages.contains(index) ? options.work : .zero
                let name = "s\(index)"
                group.addTask {
                    switch shape {
                    case .runner:
                        await StageRunner(name: name, stage: ForwardStage(next: next, work: work), input: input,
                                          workers: options.workers, batchSize: options.batchSize, optionalMetrics: nil).run()
                    case .runnerMetrics:
                        await StageRunner(name: name, stage: ForwardStage(next: next, work: work), input: input,
                                          workers: options.workers, batchSize: options.batchSize,
                                          metrics: registry.stageMetrics(stage: name, queue: input)).run()
                    case .runnerActorMetrics:
                        let stage = ActorRecordingStage(index: index, next: next, work: work, recorder: recorder)
                        await StageRunner(name: name, stage: stage, input: input, workers: options.workers,
                                          batchSize: options.batchSize, optionalMetrics: nil).run()
                    case .actorProcess:
                        await StageRunner(name: name, stage: IsolatedForwardStage(next: next, work: work), input: input,
                                          workers: options.workers, batchSize: options.batchSize, optionalMetrics: nil).run()
                    case .actorLoop:
                        await LoopStage(input: input, next: next, work: work).run(batchSize: options.batchSize)
                    }
                    next.finish()
                }
            }
            // The driver: keep `inFlight` messages circulating until `messages` have completed.
            let source = channels[0], done = channels[options.stages]
            var sent = 0
            while sent < Swift.min(options.inFlight, options.messages) {
                try? await source.send(BenchMessage(id: sent, start: .now))
                sent += 1
            }
            var completed = 0
            while completed < options.messages {
                let batch = await done.receive(upTo: 64)
                if batch.isEmpty { break }
                let now = ContinuousClock.now
                for message in batch {
                    latencies.append(message.start.duration(to: now))
                    completed += 1
                    if sent < options.messages {
                        try? await source.send(BenchMessage(id: sent, start: .now))
                        sent += 1
                    }
                }
            }
            source.finish()
        }

        let wall = started.duration(to: .now)
        let after = Usage.now()
        latencies.sort()
        let percentile = { (p: Double) -> Duration in
            latencies.isEmpty ? .zero : latencies[Swift.min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return Result(shape: shape, options: options, wallSeconds: wall.seconds, cpuSeconds: after.cpu - before.cpu,
                      contextSwitches: after.switches - before.switches, p50: percentile(0.5), p99: percentile(0.99))
    }

    public static func table(_ results: [Result]) -> String {
        var out = "| shape | workers | batch | work µs | msg/s | CPU µs/msg | CPU µs/hop | ctx sw/msg | p50 µs | p99 µs |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|\n"
        for result in results {
            let o = result.options
            let cells: [String] = [
                result.shape.rawValue, "\(o.workers)", "\(o.batchSize)", fixed(o.work.seconds * 1e6, 0),
                fixed(result.messagesPerSecond, 0), fixed(result.cpuMicrosPerMessage, 2), fixed(result.cpuMicrosPerHop, 2),
                fixed(Double(result.contextSwitches) / Double(o.messages), 3),
                fixed(result.p50.seconds * 1e6, 0), fixed(result.p99.seconds * 1e6, 0),
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int64(rounded)) : "\(rounded)"
    }
}

struct BenchMessage: Sendable {
    var id: Int
    var start: ContinuousClock.Instant
}

/// Burns CPU for `duration` (the stand-in for crypto).
func spin(_ duration: Duration) {
    guard duration > .zero else { return }
    let deadline = ContinuousClock.now.advanced(by: duration)
    while ContinuousClock.now < deadline {}
}

/// Process CPU time and context switches from getrusage.
struct Usage {
    var cpu: Double
    var switches: Int

    static func now() -> Usage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        return Usage(cpu: cpu, switches: usage.ru_nvcsw + usage.ru_nivcsw)
    }
}
