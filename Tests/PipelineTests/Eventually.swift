/// Polls `condition` until it holds, for at most about ten seconds (a bound, not a timing
/// threshold: on a healthy machine it holds within a few polls).
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<10_000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
