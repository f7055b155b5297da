/// One step of the pipeline: takes an input and forwards whatever it produces to the next
/// channel itself (`await next.send(...)`, which is where backpressure reaches it).
///
/// `process` is called by `StageRunner`'s workers concurrently. To use every core, make it
/// `nonisolated` (or write the stage as a struct) and keep CPU work in nonisolated Sendable
/// code; an actor-isolated `process` serialises the stage on its actor (fine for a cheap
/// stage with one worker). A failure is not thrown: the stage turns it into a response itself.
public protocol Stage: Sendable {
    associatedtype Input: Sendable
    func process(_ input: Input) async
}
