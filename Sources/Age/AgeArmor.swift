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

    /// Strictly decodes an armored file held in memory; any defect is a decryption failure
    /// (reason `armor`). Same rules as the streaming `ArmorReader`, in one pass: the lines are
    /// checked and their characters gathered, then decoded at once (only the end can pad).
    public static func decode(_ armored: [UInt8]) throws -> [UInt8] {
        try armored.withUnsafeBytes { bytes in
            var i = 0
            while i < bytes.count, isWhitespace(bytes[i]) {
                i += 1
                guard i <= maxSurroundingWhitespace else { throw AgeError.armor("too much leading whitespace") }
            }
            /// The next line without LF or CRLF, and where the following one starts.
            func line(at start: Int) -> (Range<Int>, Int)? {
                guard start < bytes.count else { return nil }
                var j = start
                while j < bytes.count, bytes[j] != UInt8(ascii: "\n") { j += 1 }
                let next = j < bytes.count ? j + 1 : j
                if j > start, bytes[j - 1] == UInt8(ascii: "\r") { j -= 1 }
                return (start..<j, next)
            }
            func equals(_ range: Range<Int>, _ text: [UInt8]) -> Bool {
                range.count == text.count && bytes[range].elementsEqual(text)
            }
            guard let (first, afterBegin) = line(at: i), equals(first, begin) else { throw AgeError.armor("missing BEGIN line") }
            var encoded: [UInt8] = []
            encoded.reserveCapacity(bytes.count)
            var cursor = afterBegin
            var ended = false
            while !ended {
                guard let (range, next) = line(at: cursor) else { throw AgeError.armor("missing END line") }
                cursor = next
                if equals(range, end) { break }
                guard !range.isEmpty, range.count <= columns else { throw AgeError.armor("line of wrong length") }
                let last = range.count < columns || bytes[range.upperBound - 1] == UInt8(ascii: "=")
                for k in range {
                    let c = bytes[k]
                    guard AgeBase64.isAlphabet(c) || (last && c == UInt8(ascii: "=")) else { throw AgeError.armor("invalid character") }
                    encoded.append(c)
                }
                if last {
                    guard let (endLine, next) = line(at: cursor), equals(endLine, end) else {
                        throw AgeError.armor("data after the last line")
                    }
                    cursor = next
                    ended = true
                }
            }
            let trailing = bytes.count - cursor
            guard trailing <= maxSurroundingWhitespace, bytes[cursor...].allSatisfy(isWhitespace) else {
                throw AgeError.armor("data after the END line")
            }
            guard let binary = AgeBase64.decodePadded(encoded) else { throw AgeError.armor("invalid or non-canonical base64") }
            return binary
        }
    }

    /// True when `bytes` look armored (the test `Age.open` uses to tell the two forms apart).
    public static func isArmored(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { looksArmored($0) }
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
