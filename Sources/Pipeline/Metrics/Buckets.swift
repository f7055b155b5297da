/// Upper bounds for histograms, in seconds. `+Inf` is implicit: never list it.
public enum Buckets {
    /// 10 µs to 120 s: pipeline stages take microseconds, an MCP call may take up to
    /// MCP_TIMEOUT_S (120 s). The Prometheus default (5 ms to 10 s) would put every stage
    /// into its first bucket.
    public static let latency: [Double] = [
        0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5,
        0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30, 60, 120,
    ]

    /// `count` bounds starting at `start`, each `factor` times the previous.
    public static func exponential(start: Double, factor: Double, count: Int) -> [Double] {
        precondition(start > 0 && factor > 1 && count >= 1, "exponential buckets need start > 0, factor > 1, count >= 1")
        var bounds: [Double] = []
        var bound = start
        for _ in 0..<count {
            bounds.append(bound)
            bound *= factor
        }
        return bounds
    }

    /// Checks bounds are finite and strictly increasing (a programming error otherwise).
    static func validate(_ bounds: [Double]) {
        precondition(!bounds.isEmpty, "a histogram needs at least one bucket bound")
        for (index, bound) in bounds.enumerated() {
            precondition(bound.isFinite, "histogram bucket bounds must be finite (+Inf is implicit)")
            precondition(index == 0 || bounds[index - 1] < bound, "histogram bucket bounds must increase strictly")
        }
    }
}
