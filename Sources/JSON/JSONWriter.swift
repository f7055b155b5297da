// Serialises `JSONValue` to UTF-8 the way JavaScript's `JSON.stringify` does, so the text the
// reference server puts into tool results (`JSON.stringify(x, null, 2)`) is reproduced byte for
// byte: `"` `\` and control characters escaped (`\b \f \n \r \t`, others as lowercase `\u00xx`),
// everything else, non-ASCII included, written as is; numbers as their lexeme.

/// Appends JSON text to a byte buffer.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Compact JSON for `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// `JSON.stringify(value, null, 2)`.
    public static func encodePretty(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.writePretty(value, indent: 0)
        return writer.bytes
    }

    /// Appends bytes that are already valid JSON text (a pre-encoded value).
    public mutating func writeRaw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    public mutating func writeRaw(_ raw: StaticString) {
        raw.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let b): b ? writeRaw("true") : writeRaw("false")
        case .number(let n): bytes.append(contentsOf: n.text.utf8)
        case .string(let s): writeString(s)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    mutating func writePretty(_ value: JSONValue, indent: Int) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            bytes.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 2)
                writePretty(element, indent: indent + 2)
            }
            newline(indent)
            bytes.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            bytes.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 2)
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(UInt8(ascii: " "))
                writePretty(member.value, indent: indent + 2)
            }
            newline(indent)
            bytes.append(UInt8(ascii: "}"))
        default:
            write(value)
        }
    }

    private mutating func newline(_ indent: Int) {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    /// A quoted, escaped JSON string. Runs of bytes that need no escape are copied in bulk.
    public mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                if byte >= 0x20, byte != 0x22, byte != 0x5C { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                appendEscape(byte)
                runStart = i + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            hex.withUTF8Buffer { digits in
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
            }
        }
    }
}

extension JSONValue {
    /// Compact JSON text of this value, as a String (for tests and logs).
    public var jsonText: String { String(decoding: JSONWriter.encode(self), as: UTF8.self) }
}
