/// Strict base64url (RFC 4648 §5) as JWS requires (RFC 7515 §2): no padding, no whitespace,
/// no characters outside `A–Z a–z 0–9 - _`, and the unused low bits of the last character
/// must be zero, so every byte string has exactly one accepted encoding.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// The unpadded base64url text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        let alphabet = alphabet
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next(), b2 = iterator.next()
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            guard let b1 else { break }
            out.append(alphabet[Int((b1 & 0x0F) << 2 | (b2 ?? 0) >> 6)])
            guard let b2 else { break }
            out.append(alphabet[Int(b2 & 0x3F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes encoded by `text`, or nil when it is not canonical unpadded base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = text.utf8
        if let decoded = utf8.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0)) }) { return decoded }
        return Array(utf8).withUnsafeBytes { decode($0) }
    }

    /// As `decode(_:)`, over raw UTF-8 bytes.
    public static func decode(utf8 input: some Collection<UInt8>) -> [UInt8]? {
        if let decoded = input.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0)) }) { return decoded }
        return Array(input).withUnsafeBytes { decode($0) }
    }

    /// The decoder proper, over contiguous bytes: four characters to three bytes at a time
    /// into a buffer of the exact output size. Every table value of a valid character is
    /// below 64 and the invalid marker is 0xFF, so OR-ing a group's values and testing the
    /// top two bits finds any character outside the alphabet (including `=`, whitespace and
    /// non-ASCII bytes).
    static func decode(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        let count = input.count
        let remainder = count % 4
        guard remainder != 1 else { return nil }
        let fullGroups = count / 4
        let outputCount = fullGroups * 3 + (remainder == 0 ? 0 : remainder - 1)
        guard outputCount > 0 else { return [] }
        var valid = true
        let out = reverse.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outputCount) { out, initialized in
                var invalid: UInt8 = 0
                var i = 0, o = 0
                for _ in 0..<fullGroups {
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                    invalid |= a | b | c | d
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[o] = UInt8(truncatingIfNeeded: v >> 16)
                    out[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    out[o + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4
                    o += 3
                }
                switch remainder {
                case 2:
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    invalid |= a | b
                    // Non-canonical trailing bits ("padded" or tampered encodings of the same bytes).
                    if b & 0x0F != 0 { invalid |= 0xFF }
                    out[o] = UInt8(truncatingIfNeeded: a << 2 | b >> 4)
                    o += 1
                case 3:
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])], c = table[Int(input[i + 2])]
                    invalid |= a | b | c
                    if c & 0x03 != 0 { invalid |= 0xFF }
                    out[o] = UInt8(truncatingIfNeeded: a << 2 | b >> 4)
                    out[o + 1] = UInt8(truncatingIfNeeded: b << 4 | c >> 2)
                    o += 2
                default: break
                }
                initialized = o
                valid = invalid & 0xC0 == 0
            }
        }
        return valid ? out : nil
    }
}
