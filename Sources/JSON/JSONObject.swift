// A JSON object that keeps member order (so output matches JSON.stringify key order).
// Lookups are linear: MCP objects are small, and the parser has already refused duplicates.

/// An object member.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object with member order preserved. Lookups are linear: MCP objects are small.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public private(set) var members: [JSONMember]

    public init(_ members: [JSONMember] = []) { self.members = members }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.members = elements.map { JSONMember($0.0, $0.1) }
    }

    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(JSONMember(key, newValue))
            }
        }
    }

    /// Appends without the duplicate check; the parser has already done it.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        members.append(JSONMember(key, value))
    }
}
