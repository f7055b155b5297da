/// Histograms sharing a name, buckets and a fixed set of label names.
public final class HistogramFamily: Sendable {
    let family: LabelledFamily<Histogram>
    /// The bucket bounds of every child.
    public let bounds: [Double]

    init(name: String, help: String, labelNames: [String], bounds: [Double]) {
        Buckets.validate(bounds)
        self.bounds = bounds
        family = LabelledFamily(name: name, help: help, type: .histogram, labelNames: labelNames,
                                make: { Histogram(bounds: bounds) }) { histogram, labels in
            Self.samples(of: histogram, labels: labels)
        }
    }

    /// The child for these label values, in the order of the label names (created on first use).
    public func labels(_ values: String...) -> Histogram { family.child(values) }
    public func labels(_ values: [String]) -> Histogram { family.child(values) }

    /// Cumulative `_bucket` samples ending in `+Inf`, then `_sum` and `_count`.
    static func samples(of histogram: Histogram, labels: [(name: String, value: String)]) -> [FamilySnapshot.Sample] {
        let snapshot = histogram.snapshot
        var samples: [FamilySnapshot.Sample] = []
        samples.reserveCapacity(snapshot.counts.count + 2)
        var cumulative: UInt64 = 0
        for (index, count) in snapshot.counts.enumerated() {
            cumulative += count
            let le = index < histogram.bounds.count ? Exposition.format(histogram.bounds[index]) : "+Inf"
            samples.append(.init(suffix: "_bucket", labels: labels + [(name: "le", value: le)],
                                 value: Exposition.format(cumulative)))
        }
        samples.append(.init(suffix: "_sum", labels: labels, value: Exposition.format(snapshot.sum)))
        samples.append(.init(suffix: "_count", labels: labels, value: Exposition.format(snapshot.count)))
        return samples
    }
}
