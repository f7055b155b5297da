// The one JSON string quoter for text built by hand (log lines, HTTP error bodies). JSONWriter
// keeps its own byte-level escaping because it must match JSON.stringify byte for byte.

/// Quotes Swift strings as JSON string literals (RFC 8259 §7).
///
/// Escapes `"` `\` and every control character (`\n \r \t` short, others `\u00xx`), and also
/// DEL, U+2028 and U+2029: a log line or error body stays one line and safe to embed in
/// JavaScript. Everything else, non-ASCII included, is written as is.
public enum JSONQuoting {
    public static func appendQuoted(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// `value` as a quoted JSON string literal.
    public static func quoted(_ value: String) -> String {
        var output = ""
        appendQuoted(value, to: &output)
        return output
    }
}
