// Gauges (or counters) whose value is read at scrape time from a closure: queue depth from
// channel.count, open connections from the listener. The closure runs on the scraping task,
// so it must be cheap and must not block.

import Synchronization

final class CallbackFamily: MetricsCollector {
    typealias Read = @Sendable () -> Double

    let name: String
    let help: String
    let type: MetricType
    let labelNames: [String]
    private let children = Mutex<[(values: [String], read: Read)]>([])

    init(name: String, help: String, type: MetricType, labelNames: [String]) {
        precondition(Exposition.isValidMetricName(name), "invalid metric name \"\(name)\"")
        for label in labelNames {
            precondition(Exposition.isValidLabelName(label), "invalid label name \"\(label)\" in \(name)")
        }
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
    }

    /// Adds (or replaces) the child for `values`.
    func add(values: [String], read: @escaping Read) {
        precondition(values.count == labelNames.count,
                     "\(name) takes \(labelNames.count) label values (\(labelNames)), got \(values.count)")
        children.withLock { children in
            children.removeAll { $0.values == values }
            children.append((values, read))
        }
    }

    func collect() -> [FamilySnapshot] {
        let current = children.withLock { $0 }.sorted { $0.values.lexicographicallyPrecedes($1.values) }
        let samples = current.map { child in
            FamilySnapshot.Sample(suffix: "", labels: zip(labelNames, child.values).map { (name: $0, value: $1) },
                                  value: Exposition.format(child.read()))
        }
        return [FamilySnapshot(name: name, help: help, type: type, samples: samples)]
    }
}
