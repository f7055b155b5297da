/// Bech32 (BIP 173) as age uses it: no length limit on the data part, all-lowercase or
/// all-uppercase only, the checksum always computed over the lowercase form.
enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (i, c) in charset.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    enum Failure: Error, Equatable {
        case mixedCase, invalidCharacter, missingSeparator, badChecksum, badPadding, empty
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let gen: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= gen[i] }
        }
        return chk
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits (8 -> 5 when encoding, 5 -> 8 when decoding).
    private static func convert(_ data: [UInt8], from: Int, to: Int, pad: Bool) throws -> [UInt8] {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        out.reserveCapacity(data.count * from / to + 1)
        let maxValue = (1 << to) - 1
        for value in data {
            acc = (acc << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxValue))
            }
            acc &= (1 << bits) - 1
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxValue)) }
        } else if bits >= from || (acc << (to - bits)) & maxValue != 0 {
            throw Failure.badPadding
        }
        return out
    }

    /// Encodes `data` under `hrp`; the result is lowercase unless `uppercase`.
    static func encode(hrp: String, data: [UInt8], uppercase: Bool = false) -> String {
        let lowHRP = Array(hrp.lowercased().utf8)
        let values = (try? convert(data, from: 8, to: 5, pad: true)) ?? []
        let mod = polymod(expand(lowHRP) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((mod >> (5 * (5 - UInt32($0)))) & 31) }
        var text = String(decoding: lowHRP + [UInt8(ascii: "1")] + (values + checksum).map { charset[Int($0)] }, as: UTF8.self)
        if uppercase { text = text.uppercased() }
        return text
    }

    /// Decodes a Bech32 string into its lowercase human-readable part and its data bytes.
    static func decode(_ text: String) throws -> (hrp: String, data: [UInt8]) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw Failure.empty }
        var hasLower = false, hasUpper = false
        for b in bytes {
            guard b >= 33, b <= 126 else { throw Failure.invalidCharacter }
            if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { hasLower = true }
            if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { hasUpper = true }
        }
        guard !(hasLower && hasUpper) else { throw Failure.mixedCase }
        let lower = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        guard let sep = lower.lastIndex(of: UInt8(ascii: "1")), sep >= 1, lower.count - sep - 1 >= 6 else {
            throw Failure.missingSeparator
        }
        let hrp = Array(lower[..<sep])
        var values: [UInt8] = []
        values.reserveCapacity(lower.count - sep - 1)
        for c in lower[(sep + 1)...] {
            let v = c < 128 ? reverse[Int(c)] : -1
            guard v >= 0 else { throw Failure.invalidCharacter }
            values.append(UInt8(v))
        }
        guard polymod(expand(hrp) + values) == 1 else { throw Failure.badChecksum }
        let data = try convert(Array(values.dropLast(6)), from: 5, to: 8, pad: false)
        return (String(decoding: hrp, as: UTF8.self), data)
    }
}
