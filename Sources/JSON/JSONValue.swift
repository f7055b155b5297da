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

    /// The number as a finite double (JWT's NumericDate reading), nil for other types and for
    /// lexemes beyond Double's range such as `1e400`.
    public var numberValue: Double? {
        guard case .number(let n) = self else { return nil }
        let value = n.doubleValue
        return value.isFinite ? value : nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
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
