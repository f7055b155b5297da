// A JSON number as its exact source lexeme: ids and integers round-trip byte for byte.

/// A JSON number kept as its source lexeme.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible,
                          ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The lexeme exactly as it appeared in the document (already validated against RFC 8259).
    public let text: String

    /// A number from a lexeme the caller has already checked against RFC 8259's grammar.
    public init(validatedText: String) { self.text = validatedText }

    public init(integer: Int) { self.text = String(integer) }

    /// A finite double: integral values below 2^53 written without a fraction (`1300819380`),
    /// others in Swift's shortest round-trip form (`1.5`, `1e+20`), both valid JSON.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON has no NaN or infinity")
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
    }

    public init(integerLiteral value: Int) { self.init(integer: value) }

    public init(floatLiteral value: Double) { self.init(value) }

    /// True when the lexeme has no fraction and no exponent (`1`, `-7`, `123456789012345678901`).
    public var isIntegerLexeme: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The IEEE double the lexeme denotes, as JavaScript's `Number()` would read it.
    public var doubleValue: Double { Double(text) ?? .nan }

    public var description: String { text }
}
