// Single-thread cost of each recording call, in nanoseconds, so a caller can tell what is
// cheap enough for a per-request path (e.g. whether to cache a labelled child).

/// Measures the per-call cost of metric recording.
public enum MetricsCostBenchmark {
    /// A Markdown table of ns per call over `iterations` calls each.
    public static func run(iterations: Int = 2_000_000) -> String {
        let registry = MetricsRegistry()
        let counter = registry.counter("bench_counter_total", help: "x")
        let family = registry.counter("bench_labelled_total", help: "x", labelNames: ["route", "code"])
        let gauge = registry.gauge("bench_gauge", help: "x")
        let histogram = registry.histogram("bench_seconds", help: "x")
        var accumulator = histogram.makeAccumulator()
        let routes = ["/mcp", "/health", "/ready", "/metrics"]
        var sink = 0.0

        let rows: [(String, () -> Void)] = [
            ("ContinuousClock.now x2", { sink += ContinuousClock.now.duration(to: .now).seconds }),
            ("Counter.inc", { counter.inc() }),
            ("CounterFamily.labels(route, code).inc", { family.labels(routes[Int(sink) & 3], "200").inc() }),
            ("Gauge.add", { gauge.add(1) }),
            ("Histogram.observe (Mutex)", { histogram.observe(0.000_3) }),
            ("Histogram.Accumulator.observe", { accumulator.observe(0.000_3) }),
        ]
        var out = "| call | ns/call |\n|---|---|\n"
        for (name, body) in rows {
            let start = ContinuousClock.now
            for _ in 0..<iterations { body() }
            let nanos = start.duration(to: .now).seconds * 1e9 / Double(iterations)
            out += "| \(name) | \(PipelineBenchmark.fixed(nanos, 1)) |\n"
        }
        histogram.merge(&accumulator)
        return sink.isNaN ? out + "\n" : out
    }
}
