import Pipeline

/// A stage runner seen from the service: its input channel and a closure that runs it until
/// the input is drained. (Lets the service hold the six differently-typed `StageRunner`s in
/// one list.)
///
/// A struct with a closure made where the stage type is concrete, not a protocol that
/// `StageRunner` conforms to: a call through `any PipelineRunner` went to the one generic
/// witness of the conditional conformance, so every stage's worker loop, batch receive, ring
/// buffer and `StageLink.process` ran unspecialised, looking up generic metadata at run time
/// (15-20 % of the CPU of a tool call in the profile; see BENCHMARKS.md, "Profiles").
struct PipelineRunner: Sendable {
    let input: BoundedChannel<Exchange>
    private let body: @Sendable () async -> Void

    /// Inlined into the caller, where `S` is concrete, so `run()` is specialised for it.
    @inline(__always)
    init<S: Stage>(_ runner: StageRunner<S>) where S.Input == Exchange {
        input = runner.input
        body = { await runner.run() }
    }

    func runStage() async { await body() }
}
