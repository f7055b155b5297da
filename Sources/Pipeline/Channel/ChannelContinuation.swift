// Debug builds park waiters in checked continuations, so a resume-twice or never-resumed
// bug traps in the tests; release builds use the unchecked ones on the hot path.

#if DEBUG
@usableFromInline typealias SendContinuation = CheckedContinuation<Void, any Error>
@usableFromInline typealias ReceiveContinuation<Element: Sendable> = CheckedContinuation<Stamped<Element>?, Never>

@usableFromInline nonisolated(nonsending) func withSendContinuation(
    _ body: (SendContinuation) -> Void
) async throws {
    try await withCheckedThrowingContinuation(body)
}

@usableFromInline nonisolated(nonsending) func withReceiveContinuation<Element: Sendable>(
    _ body: (ReceiveContinuation<Element>) -> Void
) async -> Stamped<Element>? {
    await withCheckedContinuation(body)
}
#else
@usableFromInline typealias SendContinuation = UnsafeContinuation<Void, any Error>
@usableFromInline typealias ReceiveContinuation<Element: Sendable> = UnsafeContinuation<Stamped<Element>?, Never>

@usableFromInline nonisolated(nonsending) func withSendContinuation(
    _ body: (SendContinuation) -> Void
) async throws {
    try await withUnsafeThrowingContinuation(body)
}

@usableFromInline nonisolated(nonsending) func withReceiveContinuation<Element: Sendable>(
    _ body: (ReceiveContinuation<Element>) -> Void
) async -> Stamped<Element>? {
    await withUnsafeContinuation(body)
}
#endif
