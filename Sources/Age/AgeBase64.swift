/// The two base64 forms of the age format (RFC 4648 section 4 alphabet):
/// - unpadded and canonical, for header arguments, stanza bodies and the MAC;
/// - padded and canonical, inside the ASCII armor.
/// Decoders reject any other character and any non-zero unused bits (RFC 4648 section 3.5).
enum AgeBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// True for the 64 characters of the alphabet.
    @inline(__always)
    static func isAlphabet(_ c: UInt8) -> Bool { reverse[Int(c)] != 0xff }

    /// Unpadded encoding.
    static func encode(_ data: UnsafeRawBufferPointer, padded: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= data.count {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
            out.append(alphabet[Int(v >> 18 & 63)]); out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)]); out.append(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = data.count - i
        if rest == 1 {
            let v = UInt32(data[i]) << 16
            out.append(alphabet[Int(v >> 18 & 63)]); out.append(alphabet[Int(v >> 12 & 63)])
            if padded { out.append(UInt8(ascii: "=")); out.append(UInt8(ascii: "=")) }
        } else if rest == 2 {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8
            out.append(alphabet[Int(v >> 18 & 63)]); out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            if padded { out.append(UInt8(ascii: "=")) }
        }
        return out
    }

    static func encode(_ data: [UInt8], padded: Bool = false) -> [UInt8] {
        data.withUnsafeBytes { encode($0, padded: padded) }
    }

    static func encodeString(_ data: [UInt8]) -> String {
        String(decoding: encode(data), as: UTF8.self)
    }

    /// Canonical unpadded decoding; nil on any defect.
    static func decode<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        if let decoded = text.withContiguousStorageIfAvailable({ decodeContiguous(UnsafeRawBufferPointer($0)) }) {
            return decoded
        }
        return Array(text).withUnsafeBytes { decodeContiguous($0) }
    }

    /// A String's UTF-8 is contiguous: decoded in place, without an intermediate array.
    static func decode(_ text: String) -> [UInt8]? { decode(text.utf8) }

    /// The decoder proper: four characters to three bytes at a time into a buffer of the exact
    /// output size (stanza shares, bodies and the MAC are decoded on every open, and the
    /// bit-at-a-time loop with `append` showed in perf). Table values of valid characters are
    /// below 64 and the invalid marker is 0xff, so OR-ing them and testing the top two bits
    /// finds any character outside the alphabet, `=` included.
    static func decodeContiguous(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
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
                // Leftover bits must be zero for the encoding to be canonical.
                switch remainder {
                case 2:
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                    invalid |= a | b | (b & 0x0f == 0 ? 0 : 0xff)
                    out[o] = a << 2 | b >> 4
                    o += 1
                case 3:
                    let a = table[Int(input[i])], b = table[Int(input[i + 1])], c = table[Int(input[i + 2])]
                    invalid |= a | b | c | (c & 0x03 == 0 ? 0 : 0xff)
                    out[o] = a << 2 | b >> 4
                    out[o + 1] = b << 4 | c >> 2
                    o += 2
                default: break
                }
                initialized = o
                valid = invalid & 0xc0 == 0
            }
        }
        return valid ? out : nil
    }

    /// Canonical padded decoding (length a multiple of 4, `=` only at the end); nil on any defect.
    static func decodePadded<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        let chars = Array(text)
        guard chars.count % 4 == 0 else { return nil }
        var body = chars[...]
        var pads = 0
        while pads < 2, let last = body.last, last == UInt8(ascii: "=") { body = body.dropLast(); pads += 1 }
        guard (4 - body.count % 4) % 4 == pads else { return nil }
        return decode(body)
    }

    /// Decodes `src` (a multiple of 4 characters, no padding) into `dst` (3/4 as many bytes).
    /// False on a character outside the alphabet. For the armor's full 64-column lines.
    static func decodeQuads(_ src: UnsafeRawBufferPointer, into dst: UnsafeMutableRawPointer) -> Bool {
        precondition(src.count % 4 == 0)
        return reverse.withUnsafeBufferPointer { table in
            var invalid: UInt8 = 0
            var i = 0, o = 0
            while i < src.count {
                let a = table[Int(src[i])], b = table[Int(src[i + 1])], c = table[Int(src[i + 2])], d = table[Int(src[i + 3])]
                invalid |= a | b | c | d
                let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                dst.storeBytes(of: UInt8(truncatingIfNeeded: v >> 16), toByteOffset: o, as: UInt8.self)
                dst.storeBytes(of: UInt8(truncatingIfNeeded: v >> 8), toByteOffset: o + 1, as: UInt8.self)
                dst.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: o + 2, as: UInt8.self)
                i += 4
                o += 3
            }
            // Valid values are below 64; the invalid marker 0xff sets the top bits.
            return invalid & 0xc0 == 0
        }
    }

    /// Encodes `src` (a multiple of 48 bytes) as full 64-column lines, each ending in LF.
    static func encodeLines(_ src: UnsafeRawBufferPointer) -> [UInt8] {
        precondition(src.count % 48 == 0)
        let lines = src.count / 48
        return alphabet.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: lines * 65) { out, initialized in
                var i = 0, o = 0
                for _ in 0..<lines {
                    for _ in 0..<16 {
                        let v = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
                        out[o] = table[Int(v >> 18 & 63)]; out[o + 1] = table[Int(v >> 12 & 63)]
                        out[o + 2] = table[Int(v >> 6 & 63)]; out[o + 3] = table[Int(v & 63)]
                        i += 3
                        o += 4
                    }
                    out[o] = UInt8(ascii: "\n")
                    o += 1
                }
                initialized = o
            }
        }
    }
}
