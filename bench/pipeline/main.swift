// Driver for PipelineBenchmark outside SwiftPM (see run.sh). Arguments: key=value pairs
// messages=, inflight=, workers=, batch=, depth=, work_us=, shapes=a,b,c, repeat=, and
// `costs` for the per-call cost of metric recording.
import Glibc
import Pipeline

var options = PipelineBenchmark.Options()
var shapes = PipelineBenchmark.Shape.allCases
var repeats = 1
for argument in CommandLine.arguments.dropFirst() where argument != "costs" {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { fatalError("expected key=value, got \(argument)") }
    switch parts[0] {
    case "messages": options.messages = Int(parts[1])!
    case "inflight": options.inFlight = Int(parts[1])!
    case "workers": options.workers = Int(parts[1])!
    case "batch": options.batchSize = Int(parts[1])!
    case "depth": options.queueDepth = Int(parts[1])!
    case "work_us": options.work = .microseconds(Int64(parts[1])!)
    case "repeat": repeats = Int(parts[1])!
    case "shapes": shapes = parts[1].split(separator: ",").map { PipelineBenchmark.Shape(rawValue: String($0))! }
    default: fatalError("unknown option \(parts[0])")
    }
}
// A short warm-up so the first shape does not pay for thread-pool start-up.
var warmUp = options
warmUp.messages = min(20_000, options.messages)
_ = await PipelineBenchmark.run(warmUp, shapes: [.runner])
// Shapes interleaved, `repeat` rounds, so a noisy neighbour hits every shape alike.
var results: [PipelineBenchmark.Result] = []
for _ in 0..<repeats {
    for shape in shapes { results.append(await PipelineBenchmark.measure(shape, options)) }
}
print(PipelineBenchmark.table(results.sorted { $0.shape.rawValue < $1.shape.rawValue }), terminator: "")

// The same closed loop through the public API only, with the message and stage types defined
// here: BoundedChannel<ExternalMessage> and StageRunner are then used across the module
// boundary, unspecialised, as SeqThinkServer uses them with its Exchange type.
struct ExternalMessage: Sendable {
    var id: Int
    var payload: [UInt8]
}

struct ExternalForward: Stage {
    let next: BoundedChannel<ExternalMessage>
    func process(_ input: ExternalMessage) async { try? await next.send(input) }
}

if CommandLine.arguments.contains(where: { $0.hasPrefix("shapes=") }) == false {
    for round in 0..<repeats {
        let channels = (0...options.stages).map { _ in BoundedChannel<ExternalMessage>(capacity: options.queueDepth) }
        let registry = MetricsRegistry()
        let clock = ContinuousClock()
        let cpuBefore = clock.now
        let usageBefore = cpuTime()
        await withDiscardingTaskGroup { group in
            for index in 0..<options.stages {
                let input = channels[index], next = channels[index + 1]
                group.addTask {
                    await StageRunner(name: "s\(index)", stage: ExternalForward(next: next), input: input,
                                      workers: options.workers, batchSize: options.batchSize,
                                      metrics: registry.stageMetrics(stage: "s\(index)", queue: input)).run()
                    next.finish()
                }
            }
            var sent = 0, completed = 0
            while sent < min(options.inFlight, options.messages) {
                try? await channels[0].send(ExternalMessage(id: sent, payload: [1, 2, 3])); sent += 1
            }
            while completed < options.messages {
                let batch = await channels[options.stages].receive(upTo: 64)
                if batch.isEmpty { break }
                for _ in batch {
                    completed += 1
                    if sent < options.messages {
                        try? await channels[0].send(ExternalMessage(id: sent, payload: [1, 2, 3])); sent += 1
                    }
                }
            }
            channels[0].finish()
        }
        let wall = cpuBefore.duration(to: clock.now)
        let cpu = cpuTime() - usageBefore
        let perMessage = cpu / Double(options.messages) * 1e6
        print("| external+metrics (round \(round)) | \(options.workers) | \(options.batchSize) | 0 | "
              + "\(Int(Double(options.messages) / (Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18))) | "
              + "\((perMessage * 100).rounded() / 100) | \((perMessage / Double(options.stages + 1) * 100).rounded() / 100) | | | |")
    }
}

func cpuTime() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

if CommandLine.arguments.contains("costs") {
    print(MetricsCostBenchmark.run())
}
