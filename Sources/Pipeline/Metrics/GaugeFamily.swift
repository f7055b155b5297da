/// Gauges sharing a name and a fixed set of label names, one child per label-value tuple.
public final class GaugeFamily: Sendable {
    let family: LabelledFamily<Gauge>

    init(name: String, help: String, labelNames: [String]) {
        family = LabelledFamily(name: name, help: help, type: .gauge, labelNames: labelNames, make: { Gauge() }) {
            gauge, labels in [FamilySnapshot.Sample(suffix: "", labels: labels, value: Exposition.format(gauge.value))]
        }
    }

    /// The child for these label values, in the order of the label names (created on first use).
    public func labels(_ values: String...) -> Gauge { family.child(values) }
    public func labels(_ values: [String]) -> Gauge { family.child(values) }
}
