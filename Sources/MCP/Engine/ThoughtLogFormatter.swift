// The reference's boxed thought log line (without terminal colours, which a JSON log would
// only garble). Logged at debug level only: a thought is user content.

enum ThoughtLogFormatter {
    static func format(_ t: ThoughtInput) -> String {
        let header: String
        if t.isRevision == true {
            header = "🔄 Revision \(t.thoughtNumber)/\(t.totalThoughts) (revising thought \(t.revisesThought.map(String.init) ?? "undefined"))"
        } else if let from = t.branchFromThought {
            header = "🌿 Branch \(t.thoughtNumber)/\(t.totalThoughts) (from thought \(from), ID: \(t.branchId ?? "undefined"))"
        } else {
            header = "💭 Thought \(t.thoughtNumber)/\(t.totalThoughts)"
        }
        // JavaScript string lengths count UTF-16 code units; so does the box.
        let width = max(header.utf16.count, t.thought.utf16.count) + 4
        let border = String(repeating: "─", count: width)
        let padding = String(repeating: " ", count: max(0, width - 2 - t.thought.utf16.count))
        return "\n┌\(border)┐\n│ \(header) │\n├\(border)┤\n│ \(t.thought)\(padding) │\n└\(border)┘"
    }
}
