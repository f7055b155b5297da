import TestSupport
@testable import JWT
import Testing

/// The strict base64url decoder (four characters at a time into an exact-size buffer) on every
/// kind of input it must refuse, and against a plain bit-at-a-time reference decoder.
struct Base64URLDecoderTests {
    /// The straightforward decoder the fast one replaced: one character at a time, nil on a
    /// character outside the alphabet, length mod 4 == 1 or non-zero unused trailing bits.
    static func reference(_ input: [UInt8]) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        guard input.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var accumulator: UInt32 = 0, bits = 0
        for char in input {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return accumulator == 0 ? out : nil
    }

    /// All three entry points: String, Substring (contiguous UTF-8), a non-contiguous collection.
    static func decodeAllWays(_ bytes: [UInt8]) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        let viaBytes = Base64URL.decode(utf8: bytes)
        let viaLazy = Base64URL.decode(utf8: bytes.lazy.map { $0 })
        #expect(viaBytes == viaLazy)
        if Array(text.utf8) == bytes {
            #expect(Base64URL.decode(text) == viaBytes)
            #expect(Base64URL.decode(("." + text + ".").dropFirst().dropLast()) == viaBytes)
        }
        return viaBytes
    }

    @Test(arguments: ["Z", "Zm9vY", "Zm9vYmFyZ", "AAAAAAAAA", "-", "_____"])
    func refusesLengthOneMoreThanAMultipleOfFour(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
        #expect(Base64URL.decode(utf8: Array(text.utf8).lazy.map { $0 }) == nil)
    }

    @Test func refusesEveryNonAlphabetByteAtEveryPosition() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        // "Zm9vYmE" (7 characters: one full group and a 3-character tail) and "Zm9vYg"
        // (a 2-character tail): every byte value outside the alphabet, at every position.
        for valid in ["Zm9vYmE", "Zm9vYg", "Zm9v"] {
            let base = Array(valid.utf8)
            #expect(Base64URL.decode(utf8: base) != nil)
            for byte in UInt8.min...UInt8.max where !alphabet.contains(byte) {
                for position in base.indices {
                    var bad = base
                    bad[position] = byte
                    #expect(Base64URL.decode(utf8: bad) == nil, "byte \(byte) at \(position) of \(valid)")
                    #expect(Base64URL.decode(utf8: bad.lazy.map { $0 }) == nil)
                }
            }
        }
    }

    @Test(arguments: ["Zh", "Zm9", "Zm9vYh", "Zm9vYmF", "AB", "AAB", "A_", "AA_"])
    func refusesNonZeroTrailingBits(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test(arguments: ["Zg==", "Zg=", "Zm8=", "Zm9v=", "Zm9v====", "====", "=", "Zm9vYg==", "Z=g"])
    func refusesPadding(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test(arguments: ["Zm9v+", "+/8", "Zm 9v", " Zm9v", "Zm9v\n", "Zm9v\r\n", "Zm\t9v", "é", "Zm9vé", "Zm9v\u{0}"])
    func refusesStandardAlphabetWhitespaceAndNonASCII(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    /// Empty text is the empty byte string (an empty JWS payload segment is well-formed
    /// base64url); `CompactJWS` separately refuses an empty header segment.
    @Test func emptyDecodesToNoBytes() {
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode(utf8: [UInt8]()) == [])
        #expect(Base64URL.decode(utf8: [UInt8]().lazy.map { $0 }) == [])
        #expect(throws: JWTError.self) { try CompactJWS(".e30.AA") }
    }

    @Test func everyEncodingRoundTrips() {
        var random = SplitMix64(seed: 20261203)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(text) == bytes)
            #expect(Base64URL.decode(utf8: Array(text.utf8).lazy.map { $0 }) == bytes)
        }
    }

    /// Random strings over the alphabet plus a few bytes it must refuse: the fast decoder and
    /// the reference agree on every one (and both refuse exactly the same inputs).
    @Test func agreesWithTheReferenceDecoder() {
        let pieces = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let bad = Array("=+/. \n\u{0}".utf8) + [0x80, 0xC3, 0xFF]
        var random = SplitMix64(seed: 4648)
        var refused = 0
        for round in 0..<20_000 {
            let length = Int(random.next() % 24)
            let bytes = (0..<length).map { _ in
                round % 4 == 0 && random.next() % 16 == 0 ? bad.randomElement(using: &random)! : pieces.randomElement(using: &random)!
            }
            let expected = Self.reference(bytes)
            if expected == nil { refused += 1 }
            #expect(Self.decodeAllWays(bytes) == expected, "\(bytes)")
        }
        // Both outcomes are exercised: trailing bits alone refuse most random tails.
        #expect(refused > 1000 && refused < 19_000)
    }

    /// The service parses a Substring (the Authorization header after "Bearer "): same result
    /// as the String.
    @Test func substringTokenParsesLikeTheString() throws {
        let token = JWTVerifierAttackTests.sign(JWTVerifierAttackTests.claims())
        let bearer = try JWTVerifier.bearerToken(fromAuthorization: "Bearer " + token)
        let fromString = try CompactJWS(token), fromSubstring = try CompactJWS(bearer)
        #expect(fromString.signingInput == fromSubstring.signingInput)
        #expect(fromString.signature == fromSubstring.signature)
        #expect(fromString.payload == fromSubstring.payload)
        #expect(fromString.header == fromSubstring.header)
        #expect(throws: JWTError.self) { try CompactJWS(bearer + ".") }
        #expect(throws: JWTError.self) { try CompactJWS(bearer.prefix { $0 != "." }) }
    }
}
