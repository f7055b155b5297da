import Pipeline

/// A stage runner seen from the service: something to run until its input is drained.
/// (Lets the runner hold the six differently-typed `StageRunner`s in one list.)
protocol PipelineRunner: Sendable {
    var input: BoundedChannel<Exchange> { get }
    func runStage() async
}

extension StageRunner: PipelineRunner where S.Input == Exchange {
    func runStage() async { await run() }
}
