@testable import Age
import Crypto
import TestSupport
import Testing

/// The per-message fast paths: the four-at-a-time canonical base64 decoder (against a plain
/// reference on random input, and on every kind of input it must refuse) and the one-draw
/// seal randomness (file key, payload nonce, one ephemeral secret per X25519 recipient).
struct OverheadPathTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// One character at a time, nil on a character outside the alphabet, length mod 4 == 1 or
    /// non-zero unused bits: what the fast decoder must agree with.
    static func reference(_ input: [UInt8]) -> [UInt8]? {
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

    @Test func base64AgreesWithTheReferenceOnRandomInput() {
        let bad = Array("=-_. \n\r\u{0}".utf8) + [0x80, 0xC3, 0xFF]
        var random = SplitMix64(seed: 4648)
        var refused = 0
        for round in 0..<20_000 {
            let length = Int(random.next() % 48)
            let bytes = (0..<length).map { _ in
                round % 4 == 0 && random.next() % 16 == 0 ? bad.randomElement(using: &random)! : Self.alphabet.randomElement(using: &random)!
            }
            let expected = Self.reference(bytes)
            if expected == nil { refused += 1 }
            #expect(AgeBase64.decode(bytes) == expected)
            #expect(AgeBase64.decode(bytes.lazy.map { $0 }) == expected)      // not contiguous
            #expect(AgeBase64.decode(String(decoding: bytes, as: UTF8.self)) == expected || bytes.contains { $0 >= 0x80 })
            bytes.withUnsafeBytes { raw in
                #expect(AgeBase64.decode(raw[...].dropFirst(0)) == expected)  // a slice, as the parser passes
            }
        }
        #expect(refused > 1000 && refused < 19_000)
    }

    @Test func base64RefusesEveryMalformedShape() {
        // Length mod 4 == 1.
        for text in ["A", "AAAAA", "AAAAAAAAA", "/"] { #expect(AgeBase64.decode(text) == nil, "\(text)") }
        // Non-canonical trailing bits.
        for text in ["AB", "AAB", "AAAAAB", "AAAAAAB", "A/", "AA/"] { #expect(AgeBase64.decode(text) == nil, "\(text)") }
        // Padding, in every position.
        for text in ["AA==", "AAA=", "AA=", "=", "====", "AAAA====", "A=AA"] { #expect(AgeBase64.decode(text) == nil, "\(text)") }
        // Empty is the empty byte string.
        #expect(AgeBase64.decode("") == [])
        #expect(AgeBase64.decode([UInt8]().lazy.map { $0 }) == [])
        // Every byte outside the alphabet, at every position of a full group and of each tail.
        let valid = Set(Self.alphabet)
        for text in ["AAAA", "AAAAAA", "AAAAAAA"] {
            let base = Array(text.utf8)
            #expect(AgeBase64.decode(base) != nil)
            for byte in UInt8.min...UInt8.max where !valid.contains(byte) {
                for position in base.indices {
                    var bad = base
                    bad[position] = byte
                    #expect(AgeBase64.decode(bad) == nil, "byte \(byte) at \(position) of \(text)")
                }
            }
        }
    }

    @Test func base64RoundTripsEveryLength() {
        var random = SplitMix64(seed: 7748)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(AgeBase64.decode(AgeBase64.encode(bytes)) == bytes)
            #expect(AgeBase64.decodePadded(AgeBase64.encode(bytes, padded: true)) == bytes)
        }
    }

    @Test func sealRandomnessHasOneEphemeralPerX25519Recipient() throws {
        let x25519 = (0..<3).map { _ in X25519Identity.generate().recipient }
        let mixed: [any AgeRecipient] = [x25519[0], try ScryptRecipient(passphrase: SecureBytes(copying: Array("p".utf8)), workFactor: 10), x25519[1], x25519[2]]
        let random = SealRandomness(recipients: mixed)
        #expect(random.fileKey.count == 16)
        #expect(random.payloadNonce.count == PayloadStream.nonceSize)
        #expect(random.ephemeralSecrets.count == 3)
        #expect(random.ephemeralSecrets.allSatisfy { $0.count == X25519.keyLength })
        // Distinct draws (a repeat would mean the pool was sliced wrongly).
        let pieces = [random.fileKey.unsafeArrayCopy, random.payloadNonce] + random.ephemeralSecrets.map(\.unsafeArrayCopy)
        #expect(Set(pieces.map { $0.prefix(16) }).count == pieces.count)
        #expect(SealRandomness(recipients: []).ephemeralSecrets.isEmpty)
        #expect(SealRandomness(recipients: []).fileKey.unsafeArrayCopy != random.fileKey.unsafeArrayCopy)
    }

    /// Several X25519 recipients: each stanza has its own share, and every identity opens.
    @Test func everyX25519RecipientGetsItsOwnShareAndOpens() throws {
        let identities = (0..<4).map { _ in X25519Identity.generate() }
        let message = Array("per-request overhead".utf8)
        let sealed = try Age.seal(message, to: identities.map(\.recipient))
        let parsed = try #require(try sealed.withUnsafeBytes { try AgeHeaderParser.parse($0) })
        let shares = parsed.header.stanzas.map { $0.arguments[1] }
        #expect(shares.count == 4 && Set(shares).count == 4)
        for identity in identities { #expect(try Age.open(sealed, with: [identity]) == message) }
        // The streaming encryptor draws the same way.
        let sink = AgeMemorySink()
        let encryptor = try AgeEncryptor(recipients: identities.map(\.recipient), to: sink)
        try encryptor.write(message)
        try encryptor.finish()
        for identity in identities { #expect(try Age.open(sink.bytes, with: [identity]) == message) }
    }

    /// A prepared recipient (Edwards table) is the same recipient: equal, and every file sealed
    /// to it opens with its identity, alone or beside unprepared ones.
    @Test func preparedRecipientsSealWhatTheirIdentitiesOpen() throws {
        let identities = (0..<3).map { _ in X25519Identity.generate() }
        let prepared = identities.map { $0.recipient.prepared() }
        #expect(prepared.allSatisfy { $0.isPrepared })
        #expect(!identities[0].recipient.isPrepared)
        #expect(prepared == identities.map(\.recipient))
        #expect(prepared[0].prepared().isPrepared)
        for size in [0, 1, 1024, PayloadStream.chunkSize + 1] {
            let message = SecureRandom.bytes(count: size)
            let sealed = try Age.seal(message, to: [prepared[0], identities[1].recipient, prepared[2]])
            for identity in identities { #expect(try Age.open(sealed, with: [identity]) == message) }
            #expect(throws: AgeError.self) { try Age.open(sealed, with: [X25519Identity.generate()]) }
        }
    }
}
