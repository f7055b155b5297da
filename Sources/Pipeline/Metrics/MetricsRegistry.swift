// Ownership: the registry owns every family; metrics handed out are shared references that
// record without going through the registry (atomics, or a Mutex per histogram), so the hot
// path never sends an actor message. The actor owns scraping: `render` snapshots every family
// (each histogram copied under its own Mutex, callbacks evaluated), sorts by name and formats,
// one scrape at a time. Registration is nonisolated and synchronous (one Mutex) so wiring code
// needs no `await`.
//
// Registering a name twice with the same type and label names returns the same family; a
// conflicting re-registration or an invalid name is a programming error (precondition).

import Synchronization

/// Prometheus metrics: registration, and rendering in text format 0.0.4.
public actor MetricsRegistry {
    fileprivate enum Entry {
        case counter(CounterFamily)
        case gauge(GaugeFamily)
        case histogram(HistogramFamily)
        case callback(CallbackFamily)
        case collector(any MetricsCollector)

        var collector: any MetricsCollector {
            switch self {
            case .counter(let family): family.family
            case .gauge(let family): family.family
            case .histogram(let family): family.family
            case .callback(let family): family
            case .collector(let collector): collector
            }
        }
    }

    /// The Content-Type of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    // MARK: Counters

    /// An unlabelled counter.
    public nonisolated func counter(_ name: String, help: String) -> Counter {
        counter(name, help: help, labelNames: []).labels([])
    }

    /// A counter family with a fixed set of label names.
    public nonisolated func counter(_ name: String, help: String, labelNames: [String]) -> CounterFamily {
        register(name) { entry in
            guard let entry else { return .counter(CounterFamily(name: name, help: help, labelNames: labelNames)) }
            guard case .counter(let family) = entry, family.family.labelNames == labelNames else { return nil }
            return entry
        }.counterFamily
    }

    // MARK: Gauges

    /// An unlabelled gauge.
    public nonisolated func gauge(_ name: String, help: String) -> Gauge {
        gauge(name, help: help, labelNames: []).labels([])
    }

    /// A gauge family with a fixed set of label names.
    public nonisolated func gauge(_ name: String, help: String, labelNames: [String]) -> GaugeFamily {
        register(name) { entry in
            guard let entry else { return .gauge(GaugeFamily(name: name, help: help, labelNames: labelNames)) }
            guard case .gauge(let family) = entry, family.family.labelNames == labelNames else { return nil }
            return entry
        }.gaugeFamily
    }

    /// A gauge (or counter) read from `read` at every scrape. Calling it again with the same
    /// name and label names adds a child (e.g. one queue depth per stage).
    public nonisolated func callback(_ name: String, help: String, type: MetricType = .gauge,
                                     labels: KeyValuePairs<String, String> = [:],
                                     _ read: @escaping @Sendable () -> Double) {
        precondition(type == .gauge || type == .counter || type == .untyped, "a callback metric is a gauge or a counter")
        let labelNames = labels.map(\.key)
        let entry = register(name) { entry in
            guard let entry else {
                return .callback(CallbackFamily(name: name, help: help, type: type, labelNames: labelNames))
            }
            guard case .callback(let family) = entry, family.labelNames == labelNames, family.type == type else { return nil }
            return entry
        }
        guard case .callback(let family) = entry else { preconditionFailure("unreachable") }
        family.add(values: labels.map(\.value), read: read)
    }

    // MARK: Histograms

    /// An unlabelled histogram with `buckets` (upper bounds in seconds, +Inf implicit).
    public nonisolated func histogram(_ name: String, help: String, buckets: [Double] = Buckets.latency) -> Histogram {
        histogram(name, help: help, labelNames: [], buckets: buckets).labels([])
    }

    /// A histogram family with a fixed set of label names.
    public nonisolated func histogram(_ name: String, help: String, labelNames: [String],
                                      buckets: [Double] = Buckets.latency) -> HistogramFamily {
        register(name) { entry in
            guard let entry else {
                return .histogram(HistogramFamily(name: name, help: help, labelNames: labelNames, bounds: buckets))
            }
            guard case .histogram(let family) = entry, family.family.labelNames == labelNames,
                  family.bounds == buckets else { return nil }
            return entry
        }.histogramFamily
    }

    // MARK: Collectors

    /// Registers a collector that produces whole families at scrape time (e.g. ProcessMetrics),
    /// under `key` (re-registering the same key replaces it).
    nonisolated func register(collector: any MetricsCollector, key: String) {
        entries.withLock { $0[key] = .collector(collector) }
    }

    // MARK: Rendering

    /// Every family in text format 0.0.4, sorted by name.
    public func render() -> String {
        let collectors = entries.withLock { $0.values.map(\.collector) }
        let families = collectors.flatMap { $0.collect() }.sorted { $0.name < $1.name }
        return Exposition.render(families)
    }

    private nonisolated func register(_ name: String, _ resolve: (Entry?) -> Entry?) -> Entry {
        entries.withLock { entries in
            guard let entry = resolve(entries[name]) else {
                preconditionFailure("metric \(name) is already registered with another type, label set or buckets")
            }
            entries[name] = entry
            return entry
        }
    }
}

private extension MetricsRegistry.Entry {
    var counterFamily: CounterFamily {
        guard case .counter(let family) = self else { preconditionFailure("unreachable") }
        return family
    }

    var gaugeFamily: GaugeFamily {
        guard case .gauge(let family) = self else { preconditionFailure("unreachable") }
        return family
    }

    var histogramFamily: HistogramFamily {
        guard case .histogram(let family) = self else { preconditionFailure("unreachable") }
        return family
    }
}
