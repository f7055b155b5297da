// ASCII armor (spec "ASCII armor"): strict PEM (RFC 7468 figure 3) with the label
// "AGE ENCRYPTED FILE", padded canonical base64, 64-column lines, LF or CRLF, whitespace only
// before the BEGIN line and after the END line.

/// In-memory armor encoding and decoding; streaming forms are `ArmorWriter`/`ArmorReader`.
public enum AgeArmor {
    static let begin = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let end = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    static let columns = 64
    /// Whitespace tolerated around the block (a bound, so a stream of spaces is not read forever).
    static let maxSurroundingWhitespace = 1024

    /// Armors `binary` (LF line endings, final LF).
    public static func encode(_ binary: [UInt8]) -> [UInt8] {
        var out = begin
        out.reserveCapacity(binary.count * 4 / 3 + binary.count / 48 + begin.count + end.count + 4)
        out.append(UInt8(ascii: "\n"))
        let encoded = AgeBase64.encode(binary, padded: true)
        var start = 0
        while start < encoded.count {
            let stop = min(start + columns, encoded.count)
            out += encoded[start..<stop]
            out.append(UInt8(ascii: "\n"))
            start = stop
        }
        out += end
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// Strictly decodes an armored file; any defect is a decryption failure (reason `armor`).
    public static func decode(_ armored: [UInt8]) throws -> [UInt8] {
        let reader = ArmorReader(source: AgeMemorySource(armored))
        let sink = AgeMemorySink()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return sink.bytes
    }

    /// True when `bytes`, after optional leading whitespace, start an armored file.
    static func looksArmored(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < bytes.count, i < maxSurroundingWhitespace, isWhitespace(bytes[i]) { i += 1 }
        let marker = Array("-----BEGIN".utf8)
        guard bytes.count - i >= marker.count else { return false }
        return bytes[i..<i + marker.count].elementsEqual(marker)
    }

    @inline(__always)
    static func isWhitespace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
    }
}
