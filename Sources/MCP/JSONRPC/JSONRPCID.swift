public import JSON

// A JSON-RPC request id. MCP allows a string or an integer and forbids null. The integer keeps
// its lexeme, so `9007199254740993` or `-0` comes back exactly as the client sent it.

/// A request id, echoed exactly.
public enum JSONRPCID: Sendable, Hashable, CustomStringConvertible {
    case integer(String)
    case string(String)

    public init(_ value: Int) { self = .integer(String(value)) }

    /// Reads an id value; nil for anything but a string or an integer lexeme.
    init?(_ value: JSONValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .number(let n) where n.isIntegerLexeme: self = .integer(n.text)
        default: return nil
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .integer(let text): .number(JSONNumber(validatedText: text))
        case .string(let s): .string(s)
        }
    }

    public var description: String {
        switch self {
        case .integer(let text): text
        case .string(let s): "\"\(s)\""
        }
    }
}
