/// One family as it will be rendered: name, help, type and its samples, values preformatted.
struct FamilySnapshot: Sendable {
    struct Sample: Sendable {
        /// "" or a histogram's "_bucket", "_sum", "_count".
        var suffix: String
        var labels: [(name: String, value: String)]
        var value: String
    }

    var name: String
    var help: String
    var type: MetricType
    var samples: [Sample]
}
