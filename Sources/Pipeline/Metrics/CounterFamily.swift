/// Counters sharing a name and a fixed set of label names, one child per label-value tuple.
public final class CounterFamily: Sendable {
    let family: LabelledFamily<Counter>

    init(name: String, help: String, labelNames: [String]) {
        family = LabelledFamily(name: name, help: help, type: .counter, labelNames: labelNames, make: { Counter() }) {
            counter, labels in [FamilySnapshot.Sample(suffix: "", labels: labels, value: Exposition.format(counter.value))]
        }
    }

    /// The child for these label values, in the order of the label names (created on first use).
    public func labels(_ values: String...) -> Counter { family.child(values) }
    public func labels(_ values: [String]) -> Counter { family.child(values) }
}
