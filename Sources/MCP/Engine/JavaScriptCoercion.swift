import JSON

// JavaScript's `Number(value)` for JSON values: what the reference's `z.coerce.number()` does
// to `thoughtNumber`, `totalThoughts`, `revisesThought` and `branchFromThought` before checking
// them. So `"3"`, `3.0`, `" 3 "`, `"0x3"` and `true` (as 1) are accepted exactly where the
// reference accepts them, and `"abc"`, `{}` are NaN.

enum JavaScriptCoercion {
    /// `Number(value)`.
    static func number(_ value: JSONValue) -> Double {
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1 : 0
        case .number(let n): return n.doubleValue
        case .string(let s): return number(fromString: s)
        case .array(let elements):
            // Number([]) is 0, Number([x]) is Number(String(x)); longer arrays join with ","
            // and so never read as a number.
            if elements.isEmpty { return 0 }
            if elements.count == 1 {
                switch elements[0] {
                case .null: return 0
                case .array, .string, .number, .bool: return number(fromString: string(elements[0]))
                case .object: return .nan
                }
            }
            return .nan
        case .object: return .nan
        }
    }

    /// `String(value)` for the primitives and arrays `Number([x])` passes through.
    static func string(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return s
        case .array(let elements): return elements.map(string).joined(separator: ",")
        case .object: return "[object Object]"
        }
    }

    private static let whitespace: Set<Unicode.Scalar> = [
        "\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{20}", "\u{A0}", "\u{1680}", "\u{2028}",
        "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}",
        "\u{2000}", "\u{2001}", "\u{2002}", "\u{2003}", "\u{2004}", "\u{2005}", "\u{2006}", "\u{2007}",
        "\u{2008}", "\u{2009}", "\u{200A}",
    ]

    /// ECMAScript StringToNumber.
    static func number(fromString text: String) -> Double {
        var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
        while let first = scalars.first, whitespace.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, whitespace.contains(last) { scalars.removeLast() }
        let s = String(scalars)
        if s.isEmpty { return 0 }
        switch s {
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        let lower = s.lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            let digits = lower.dropFirst(2)
            guard !digits.isEmpty else { return .nan }
            var value = 0.0
            for ch in digits {
                guard let d = ch.hexDigitValue, d < radix else { return .nan }
                value = value * Double(radix) + Double(d)
            }
            return value
        }
        guard isDecimalLiteral(s) else { return .nan }
        return Double(s) ?? .nan
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
    private static func isDecimalLiteral(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digitRun() -> Int {
            var n = 0
            while let b = bytes.first, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { bytes = bytes.dropFirst(); n += 1 }
            return n
        }
        var mantissaDigits = digitRun()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissaDigits += digitRun()
        }
        guard mantissaDigits > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digitRun() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
