internal import Crypto

// The textual header (spec "Header"):
//
//   age-encryption.org/v1\n
//   -> type arg…\n          one or more stanzas: an argument line, then the base64 body
//   <64 columns>\n          wrapped at 64 columns and ended by a line shorter than 64
//   <0-63 columns>\n        (possibly empty)
//   --- <43 base64 MAC>\n   HMAC-SHA-256 over everything up to and including "---"
//
// Parsing is strict: LF only, single spaces, VCHAR arguments, canonical unpadded base64.

/// A parsed or to-be-written age header.
struct AgeHeader {
    static let versionLine = Array("age-encryption.org/v1\n".utf8)
    static let versionPrefix = Array("age-encryption.org/".utf8)
    static let macLabel = Array("header".utf8)
    /// No header line may be longer than this (hybrid stanzas use ~1.5 KiB arguments).
    static let maxLineLength = 64 * 1024
    /// Nor the whole header (a bound on what a streaming reader buffers).
    static let maxHeaderLength = 1 << 20

    var stanzas: [AgeStanza]
    var mac: [UInt8]

    /// The bytes the MAC covers: the header through "---" (no space, no MAC).
    static func encodeWithoutMAC(_ stanzas: [AgeStanza]) -> [UInt8] {
        // One buffer, sized up front (+ room for the MAC line `encode` appends): the header is
        // written on every seal, and temporaries per line showed in profiles.
        var capacity = versionLine.count + 3 + 1 + 43 + 1
        for stanza in stanzas {
            capacity += 2 + stanza.arguments.reduce(0) { $0 + 1 + $1.utf8.count } + 1
            let bodyColumns = (stanza.body.count * 4 + 2) / 3
            capacity += bodyColumns + bodyColumns / 64 + 1
        }
        var out = [UInt8]()
        out.reserveCapacity(capacity)
        out.append(contentsOf: versionLine)
        for stanza in stanzas {
            out.append(UInt8(ascii: "-")); out.append(UInt8(ascii: ">"))
            for argument in stanza.arguments { out.append(UInt8(ascii: " ")); out.append(contentsOf: argument.utf8) }
            out.append(UInt8(ascii: "\n"))
            let body = AgeBase64.encode(stanza.body)
            var start = 0
            while body.count - start >= 64 {
                out.append(contentsOf: body[start..<start + 64]); out.append(UInt8(ascii: "\n")); start += 64
            }
            out.append(contentsOf: body[start...]); out.append(UInt8(ascii: "\n"))
        }
        out.append(contentsOf: "---".utf8)
        return out
    }

    /// The full header, MAC line included, for `fileKey`.
    static func encode(_ stanzas: [AgeStanza], fileKey: SecureBytes) throws -> [UInt8] {
        var out = encodeWithoutMAC(stanzas)
        let mac = try computeMAC(over: out, fileKey: fileKey)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: AgeBase64.encode(mac))
        out.append(UInt8(ascii: "\n"))
        return out
    }

    static func computeMAC(over bytes: [UInt8], fileKey: SecureBytes) throws -> [UInt8] {
        let key = try HKDFSHA256.derive(ikm: fileKey, salt: [], info: macLabel, count: 32)
        var hmac = HMACSHA256(key: key)
        hmac.update(bytes)
        return hmac.finalize()
    }

    /// Checks the MAC under `fileKey` in constant time, over `macInput`: the header bytes as
    /// read, through "---". The parser accepts only the canonical encoding (LF lines, single
    /// spaces, canonical base64, 64-column bodies), so these are the bytes a re-encoding of the
    /// parsed stanzas would give, without paying for one.
    func verifyMAC(macInput: [UInt8], fileKey: SecureBytes) throws -> Bool {
        ConstantTime.equals(try Self.computeMAC(over: macInput, fileKey: fileKey), mac)
    }
}
