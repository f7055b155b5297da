// Driver for PipelineBenchmark outside SwiftPM (see run.sh). Arguments: key=value pairs
// messages=, inflight=, workers=, batch=, depth=, work_us=, shapes=a,b,c
import Pipeline

var options = PipelineBenchmark.Options()
var shapes = PipelineBenchmark.Shape.allCases
for argument in CommandLine.arguments.dropFirst() {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { fatalError("expected key=value, got \(argument)") }
    switch parts[0] {
    case "messages": options.messages = Int(parts[1])!
    case "inflight": options.inFlight = Int(parts[1])!
    case "workers": options.workers = Int(parts[1])!
    case "batch": options.batchSize = Int(parts[1])!
    case "depth": options.queueDepth = Int(parts[1])!
    case "work_us": options.work = .microseconds(Int64(parts[1])!)
    case "shapes": shapes = parts[1].split(separator: ",").map { PipelineBenchmark.Shape(rawValue: String($0))! }
    default: fatalError("unknown option \(parts[0])")
    }
}
// A short warm-up so the first shape does not pay for thread-pool start-up.
var warmUp = options
warmUp.messages = min(20_000, options.messages)
_ = await PipelineBenchmark.run(warmUp, shapes: [.runner])
print(await PipelineBenchmark.run(options, shapes: shapes), terminator: "")
