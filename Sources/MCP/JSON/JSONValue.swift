// A JSON document as parsed by `JSONParser`: the one in-memory form every MCP message takes.
//
// Invariants:
// - Numbers keep the exact lexeme they arrived with (`JSONNumber.text`), so a request id such
//   as `12345678901234567890` or `-0` is echoed byte for byte and an integer never becomes a
//   float on the way back.
// - Objects keep member order and never hold two members with the same key (the parser
//   rejects duplicates, so a header check and the dispatcher can never read different values).

/// A JSON value.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member `key` when this is an object, else nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The JSON type name used in error messages ("string", "number", "object", ...).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A JSON integer value from a Swift integer.
    public static func int(_ value: Int) -> JSONValue { .number(JSONNumber(integer: value)) }
}

/// A JSON number kept as its source lexeme.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The lexeme exactly as it appeared in the document (already validated against RFC 8259).
    public let text: String

    init(validatedText: String) { self.text = validatedText }

    public init(integer: Int) { self.text = String(integer) }

    /// True when the lexeme has no fraction and no exponent (`1`, `-7`, `123456789012345678901`).
    public var isIntegerLexeme: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The IEEE double the lexeme denotes, as JavaScript's `Number()` would read it.
    public var doubleValue: Double { Double(text) ?? .nan }

    public var description: String { text }
}

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
