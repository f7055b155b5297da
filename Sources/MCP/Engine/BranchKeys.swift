// Branch ids in the order JavaScript's `Object.keys` lists them on the reference's
// `Object.create(null)` record: keys that are array indices (canonical decimal integers
// below 2^32 - 1) first, ascending; then the other keys in insertion order.

struct BranchKeys: Sendable, Equatable {
    private(set) var insertionOrder: [String] = []
    private var members: Set<String> = []

    var count: Int { insertionOrder.count }

    /// Adds `key` if new; drops the oldest key when `limit` would be exceeded.
    mutating func insert(_ key: String, limit: Int) {
        guard members.insert(key).inserted else { return }
        insertionOrder.append(key)
        if insertionOrder.count > limit {
            members.remove(insertionOrder.removeFirst())
        }
    }

    var javaScriptOrder: [String] {
        var indices: [(UInt32, String)] = []
        var others: [String] = []
        for key in insertionOrder {
            if let index = Self.arrayIndex(key) { indices.append((index, key)) } else { others.append(key) }
        }
        if indices.isEmpty { return others }
        return indices.sorted { $0.0 < $1.0 }.map(\.1) + others
    }

    /// The array index `key` denotes, when `String(UInt32(key)) == key` and it is below 2^32 - 1.
    static func arrayIndex(_ key: String) -> UInt32? {
        guard let value = UInt32(key), value != UInt32.max, String(value) == key else { return nil }
        return value
    }
}
