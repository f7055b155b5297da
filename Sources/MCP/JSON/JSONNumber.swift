// A JSON number as its exact source lexeme: ids and integers round-trip byte for byte.

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
