import Pipeline
import Testing

struct MetricsConcurrencyTests {
    @Test func concurrentRecordingGivesExactCounts() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("test_events_total", help: "x")
        let gauge = registry.gauge("test_level", help: "x")
        let histogram = registry.histogram("test_seconds", help: "x", buckets: [0.5])
        let family = registry.counter("test_labelled_total", help: "x", labelNames: ["worker"])
        let tasks = 16, perTask = 2_000
        await withDiscardingTaskGroup { group in
            for task in 0..<tasks {
                group.addTask {
                    var accumulator = histogram.makeAccumulator()
                    for index in 0..<perTask {
                        counter.inc()
                        gauge.inc()
                        if index.isMultiple(of: 2) { histogram.observe(0.25) } else { accumulator.observe(0.75) }
                        family.labels("w\(task % 4)").inc()
                        if index.isMultiple(of: 100) { histogram.merge(&accumulator) }
                    }
                    histogram.merge(&accumulator)
                }
            }
        }
        #expect(counter.value == UInt64(tasks * perTask))
        #expect(gauge.value == Double(tasks * perTask))
        #expect(histogram.count == UInt64(tasks * perTask))
        #expect(histogram.sum == 0.25 * Double(tasks * perTask / 2) + 0.75 * Double(tasks * perTask / 2))
        for worker in 0..<4 { #expect(family.labels("w\(worker)").value == UInt64(tasks / 4 * perTask)) }
        let text = await registry.render()
        #expect(text.contains("test_seconds_bucket{le=\"0.5\"} \(tasks * perTask / 2)\n"))
        #expect(text.contains("test_seconds_bucket{le=\"+Inf\"} \(tasks * perTask)\n"))
    }
}
