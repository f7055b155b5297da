// The shared machinery behind CounterFamily, GaugeFamily and HistogramFamily: a fixed label
// set, children created on first use and cached under a Mutex (so a lookup is one lock and one
// dictionary probe; callers on a hot path keep the child they got).
// Memory is bounded: past `maxChildren` label tuples, every new tuple shares one child whose
// label values are all "_overflow", so a label fed from client input cannot grow the registry
// (or a scrape) without bound. Use route templates, not raw paths, as label values.

import Synchronization

final class LabelledFamily<Child: Sendable>: MetricsCollector {
    let name: String
    let help: String
    let type: MetricType
    let labelNames: [String]
    private let make: @Sendable () -> Child
    private let samples: @Sendable (Child, [(name: String, value: String)]) -> [FamilySnapshot.Sample]
    private let children = Mutex<[[String]: Child]>([:])
    let maxChildren: Int

    init(name: String, help: String, type: MetricType, labelNames: [String],
         make: @escaping @Sendable () -> Child,
         maxChildren: Int = 2_048,
         samples: @escaping @Sendable (Child, [(name: String, value: String)]) -> [FamilySnapshot.Sample]) {
        precondition(Exposition.isValidMetricName(name), "invalid metric name \"\(name)\"")
        for label in labelNames {
            precondition(Exposition.isValidLabelName(label), "invalid label name \"\(label)\" in \(name)")
            precondition(type != .histogram || label != "le", "a histogram may not have a label named le (\(name))")
        }
        precondition(Set(labelNames).count == labelNames.count, "duplicate label name in \(name)")
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.make = make
        self.samples = samples
        self.maxChildren = maxChildren
    }

    func child(_ values: [String]) -> Child {
        precondition(values.count == labelNames.count,
                     "\(name) takes \(labelNames.count) label values (\(labelNames)), got \(values.count)")
        return children.withLock { children in
            if let child = children[values] { return child }
            let key = children.count < maxChildren ? values : values.map { _ in "_overflow" }
            if let overflow = children[key] { return overflow }
            let child = make()
            children[key] = child
            return child
        }
    }

    func collect() -> [FamilySnapshot] {
        let current = children.withLock { $0 }
        let ordered = current.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var all: [FamilySnapshot.Sample] = []
        for (values, child) in ordered {
            let labels = zip(labelNames, values).map { (name: $0, value: $1) }
            all += samples(child, labels)
        }
        return [FamilySnapshot(name: name, help: help, type: type, samples: all)]
    }
}
