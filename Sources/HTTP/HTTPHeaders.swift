/// An ordered list of header fields, as received or as to be sent.
///
/// Names keep their original spelling; every lookup is ASCII case-insensitive. Duplicate
/// names are kept in order (`subscript` returns them all).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (name: String, value: String)

    @usableFromInline var fields: [Element]

    /// An empty header list.
    public init() { fields = [] }

    /// Headers from `(name, value)` pairs, in order.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field named `name` by one field (in the place of the first), or appends it.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.equalsIgnoringCase($0.name, name) }) else {
            fields.append((name: name, value: value))
            return
        }
        fields[first] = (name: name, value: value)
        var index = fields.count - 1
        while index > first {
            if Self.equalsIgnoringCase(fields[index].name, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// Every value of the fields named `name`, in order.
    public subscript(name: String) -> [String] {
        fields.compactMap { Self.equalsIgnoringCase($0.name, name) ? $0.value : nil }
    }

    /// The value of the first field named `name`.
    public func first(name: String) -> String? {
        fields.first { Self.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The elements of the comma-separated list field `name` (which may repeat), each without
    /// surrounding optional whitespace and lowercased, empty elements dropped (RFC 9110 §5.6.1):
    /// how tokens such as encodings compare.
    public func tokens(name: String) -> [String] {
        var out: [String] = []
        for field in fields where Self.equalsIgnoringCase(field.name, name) {
            for element in field.value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                let token = Self.trimmingOWS(Substring(element)).lowercased()
                if !token.isEmpty { out.append(token) }
            }
        }
        return out
    }

    /// `value` without leading and trailing spaces and tabs (optional whitespace, RFC 9110 §5.6.3).
    public static func trimmingOWS(_ value: Substring) -> Substring {
        var slice = value
        while let first = slice.utf8.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.utf8.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    /// Whether a field named `name` is present.
    public func contains(name: String) -> Bool {
        fields.contains { Self.equalsIgnoringCase($0.name, name) }
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// ASCII case-insensitive comparison (header names are ASCII tokens).
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        var ai = a.utf8.makeIterator(), bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x != y && (x | 0x20) != (y | 0x20) { return false }
                if x != y && !((x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) { return false }
            default: return false
            }
        }
    }
}
