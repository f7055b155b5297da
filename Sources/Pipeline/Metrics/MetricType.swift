/// The `# TYPE` of a metric family in the text format.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram, untyped
}
