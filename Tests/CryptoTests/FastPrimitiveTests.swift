import TestSupport
@testable import Crypto
import Testing

/// The fixed-base X25519 (Edwards comb + birational map), its radix-2^51 field, and the
/// HMAC/HKDF over OpenSSL's low-level SHA-256, each against an independent implementation.
struct FastPrimitiveTests {
    // p = 2^255 - 19, little-endian.
    static let p: [UInt8] = [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]

    static func littleEndian(_ value: Int) -> [UInt8] {
        (0..<32).map { $0 < 8 ? UInt8(truncatingIfNeeded: value >> (8 * $0)) : 0 }
    }

    // MARK: X25519 public key

    @Test func x25519PublicKeysMatchRFC7748Section61() throws {
        let alice = SecureBytes(copying: Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bob = SecureBytes(copying: Hex.decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        let alicePublic = try X25519.publicKey(secret: alice)
        let bobPublic = try X25519.publicKey(secret: bob)
        #expect(Hex.encode(alicePublic) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(Hex.encode(bobPublic) == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let shared = try X25519.sharedSecret(secret: alice, peer: bobPublic)
        #expect(Hex.encode(shared.unsafeArrayCopy) == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
    }

    @Test func x25519OfNineMatchesRFC7748Section52FirstIteration() throws {
        let nine = SecureBytes(copying: [9] + [UInt8](repeating: 0, count: 31))
        #expect(Hex.encode(try X25519.publicKey(secret: nine)) == "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
    }

    @Test func x25519PublicKeyEqualsTheLadderOnRandomScalars() throws {
        var mismatches = 0
        for _ in 0..<20_000 {
            let secret = SecureRandom.bytes(count: 32)
            if try X25519.publicKey(secret: SecureBytes(copying: secret)) != X25519.ladderPublicKey(secret: secret) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    static let edgeScalars: [[UInt8]] = {
        var cases: [[UInt8]] = [
            [UInt8](repeating: 0x00, count: 32),   // libsodium's Edwards path refuses it: the fallback
            [UInt8](repeating: 0xff, count: 32),
            [UInt8](repeating: 0x00, count: 31) + [0x80],   // only the top bit
            [UInt8](repeating: 0x00, count: 31) + [0x40],   // only the bit clamping sets
            [0x07] + [UInt8](repeating: 0x00, count: 31),   // only the bits clamping clears
            [0xff] + [UInt8](repeating: 0x00, count: 31),
            [0x01] + [UInt8](repeating: 0x00, count: 31),
            [UInt8](repeating: 0x00, count: 31) + [0x7f],
            [UInt8](repeating: 0xff, count: 31) + [0x7f],
            [UInt8](repeating: 0x00, count: 31) + [0xff],
            p, [0xec] + Array(p.dropFirst()),
        ]
        // The group order L and its neighbours, and 8L.
        let order = Hex.decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
        cases.append(order)
        var eight = [UInt8](repeating: 0, count: 32), carry = 0
        for i in 0..<32 { let v = Int(order[i]) * 8 + carry; eight[i] = UInt8(v & 0xff); carry = v >> 8 }
        cases.append(eight)
        return cases
    }()

    @Test(arguments: edgeScalars)
    func x25519PublicKeyEqualsTheLadderOnEdgeScalars(_ secret: [UInt8]) throws {
        #expect(try X25519.publicKey(secret: SecureBytes(copying: secret)) == X25519.ladderPublicKey(secret: secret))
    }

    // MARK: X25519 with a prepared peer (Edwards table)

    /// The ladder's answer, or nil where it refuses the all-zero output.
    static func ladder(_ secret: [UInt8], _ peer: [UInt8]) -> [UInt8]? {
        try? X25519.sharedSecret(secret: SecureBytes(copying: secret), peer: peer).unsafeArrayCopy
    }

    static func table(_ secret: [UInt8], _ table: X25519.PeerTable) -> [UInt8]? {
        try? X25519.sharedSecret(secret: SecureBytes(copying: secret), peer: table).unsafeArrayCopy
    }

    @Test func peerTableEqualsTheLadderForGeneratedKeys() throws {
        var mismatches = 0
        for _ in 0..<12 {
            let peer = try X25519.publicKey(secret: X25519.generateSecret())
            let table = try #require(X25519.PeerTable(peer: peer))
            #expect(table.peer == peer)
            for secret in Self.edgeScalars + (0..<40).map({ _ in SecureRandom.bytes(count: 32) }) {
                if Self.table(secret, table) != Self.ladder(secret, peer) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    /// Random u-coordinates (bit 255 included): about half are on the curve and get a table,
    /// which must then agree with the ladder, small-order components and all; the rest (the
    /// twist) get none and stay on the ladder.
    @Test func peerTableOnRandomPointsAgreesOrDeclines() {
        var prepared = 0, declined = 0, mismatches = 0
        for _ in 0..<64 {
            let peer = SecureRandom.bytes(count: 32)
            guard let table = X25519.PeerTable(peer: peer) else { declined += 1; continue }
            prepared += 1
            for _ in 0..<6 {
                let secret = SecureRandom.bytes(count: 32)
                if Self.table(secret, table) != Self.ladder(secret, peer) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        // Each side has probability 2^-64 of being empty.
        #expect(prepared > 0 && declined > 0, "prepared \(prepared), declined \(declined)")
    }

    @Test func peerTableRefusesWhatTheMapCannotTakeAndZeroesLowOrderPoints() throws {
        // u = -1 has no Edwards image; a wrong length is no key.
        #expect(X25519.PeerTable(peer: [0xec] + Array(Self.p.dropFirst())) == nil)
        #expect(X25519.PeerTable(peer: [UInt8](repeating: 1, count: 31)) == nil)
        // u = 0 (order 2) and u = 1 (order 4) are on the curve: a clamped scalar kills them,
        // so the output is all zeros and refused, exactly as by the ladder.
        for u in [Self.littleEndian(0), Self.littleEndian(1)] {
            let table = try #require(X25519.PeerTable(peer: u))
            #expect(throws: CryptoError.allZeroSharedSecret) {
                try X25519.sharedSecret(secret: X25519.generateSecret(), peer: table)
            }
            #expect(Self.ladder(SecureRandom.bytes(count: 32), u) == nil)
        }
        #expect(throws: CryptoError.self) {
            try X25519.sharedSecret(secret: SecureBytes(randomCount: 31), peer: try #require(X25519.PeerTable(peer: Self.littleEndian(9))))
        }
    }

    @Test func x25519PublicKeyRejectsWrongLength() {
        #expect(throws: CryptoError.self) { try X25519.publicKey(secret: SecureBytes(randomCount: 31)) }
    }

    // MARK: GF(2^255 - 19)

    @Test func fieldReducesEveryValueFromPUpTo2To255() {
        // p, p + 1, ..., 2^255 - 1 encode 0 ... 18.
        for k in 0..<19 {
            var x = Self.p
            x[0] = x[0] &+ UInt8(k)
            #expect(Field25519.reduce(x) == Self.littleEndian(k), "p + \(k)")
            // Bit 255 is ignored on input.
            var high = x
            high[31] |= 0x80
            #expect(Field25519.reduce(high) == Self.littleEndian(k), "p + \(k) with bit 255")
        }
        #expect(Field25519.reduce([UInt8](repeating: 0xff, count: 32)) == Self.littleEndian(18))
    }

    @Test func fieldKeepsCanonicalValues() {
        var pMinusOne = Self.p
        pMinusOne[0] -= 1
        #expect(Field25519.reduce(pMinusOne) == pMinusOne)
        #expect(Field25519.reduce(Self.littleEndian(0)) == Self.littleEndian(0))
        for _ in 0..<1000 {
            var x = SecureRandom.bytes(count: 32)
            x[31] &= 0x3f   // below 2^254 < p
            #expect(Field25519.reduce(x) == x)
        }
    }

    @Test func fieldArithmeticIdentities() {
        var pMinusOne = Self.p
        pMinusOne[0] -= 1
        let zero = Self.littleEndian(0), one = Self.littleEndian(1)
        #expect(Field25519.multiply(pMinusOne, pMinusOne) == one)      // (-1)^2
        #expect(Field25519.subtract(zero, one) == pMinusOne)
        #expect(Field25519.multiply(Self.p, one) == zero)                // non-canonical p times 1
        #expect(Field25519.invert(zero) == zero)
        #expect(Field25519.invert(one) == one)
        #expect(Field25519.invert(pMinusOne) == pMinusOne)
        for _ in 0..<500 {
            let a = Field25519.reduce(SecureRandom.bytes(count: 32)), b = Field25519.reduce(SecureRandom.bytes(count: 32))
            if a == zero { continue }
            #expect(Field25519.multiply(a, Field25519.invert(a)) == one)
            #expect(Field25519.multiply(a, b) == Field25519.multiply(b, a))
            #expect(Field25519.subtract(a, a) == zero)
            // (a - b) * a^-1 = 1 - b * a^-1
            let inverse = Field25519.invert(a)
            #expect(Field25519.multiply(Field25519.subtract(a, b), inverse) == Field25519.subtract(one, Field25519.multiply(b, inverse)))
        }
    }

    // MARK: HMAC-SHA-256

    static let rfc4231: [(key: [UInt8], data: [UInt8], tag: String)] = [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test func hmacMatchesRFC4231() {
        for (index, vector) in Self.rfc4231.enumerated() {
            #expect(Hex.encode(HMACSHA256.authenticate(vector.data, key: vector.key)) == vector.tag, "RFC 4231 case \(index)")
        }
        // Test case 5: output truncated to 128 bits.
        let tag = Hex.decode("a3b6167473100ee06e0c796c2955552b")
        #expect(HMACSHA256.verify(tag, message: Array("Test With Truncation".utf8), key: [UInt8](repeating: 0x0c, count: 20)))
    }

    @Test func hmacEqualsLibsodiumOnRandomInputs() {
        for round in 0..<2000 {
            let key = SecureRandom.bytes(count: round % 200)
            let message = SecureRandom.bytes(count: (round * 7) % 300)
            let expected = HMACSHA256.referenceAuthenticate(message, key: key)
            #expect(HMACSHA256.authenticate(message, key: key) == expected)
            // Incremental, split at an arbitrary point.
            let cut = message.isEmpty ? 0 : round % message.count
            var mac = key.withUnsafeBytes { HMACSHA256(key: $0) }
            mac.update(Array(message[..<cut]))
            mac.update([])
            mac.update(Array(message[cut...]))
            #expect(mac.finalize() == expected)
        }
    }

    // MARK: HKDF-SHA-256

    @Test func hkdfMatchesRFC5869() throws {
        let ikm = [UInt8](repeating: 0x0b, count: 22)
        let case1 = try HKDFSHA256.derive(ikm: ikm, salt: Array(0...0x0c), info: Array(0xf0...0xf9), count: 42)
        #expect(Hex.encode(case1.unsafeArrayCopy) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
        let case2 = try HKDFSHA256.derive(ikm: Array(0...0x4f), salt: Array(0x60...0xaf), info: Array(0xb0...0xff), count: 82)
        #expect(Hex.encode(case2.unsafeArrayCopy) == "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87")
        let case3 = try HKDFSHA256.derive(ikm: ikm, salt: [], info: [], count: 42)
        #expect(Hex.encode(case3.unsafeArrayCopy) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }

    @Test(arguments: [0, -1, HKDFSHA256.maxOutputLength + 1])
    func hkdfRejectsOutOfRangeLengths(_ count: Int) {
        #expect(throws: CryptoError.self) { try HKDFSHA256.derive(ikm: [1], salt: [], info: [], count: count) }
    }

    @Test func hkdfEqualsOpenSSLEVPKDFOnRandomInputs() throws {
        let edges = [1, 2, 31, 32, 33, 63, 64, 65, 255 * 32 - 1, 255 * 32]
        var mismatches = 0
        for round in 0..<2000 {
            let ikm = SecureRandom.bytes(count: round % 3 == 0 ? 32 : 1 + round % 150)
            let salt = round % 4 == 0 ? [] : SecureRandom.bytes(count: round % 130)
            let info = round % 5 == 0 ? [] : SecureRandom.bytes(count: round % 90)
            let count = round < edges.count * 4 ? edges[round % edges.count] : 1 + Int(SecureRandom.bytes(count: 2).withUnsafeBytes { $0.load(as: UInt16.self) }) % HKDFSHA256.maxOutputLength
            let fast = try HKDFSHA256.derive(ikm: ikm, salt: salt, info: info, count: count)
            let reference = try ikm.withUnsafeBytes { i in
                try salt.withUnsafeBytes { s in
                    try info.withUnsafeBytes { n in try HKDFSHA256.referenceDerive(ikm: i, salt: s, info: n, count: count) }
                }
            }
            if !fast.constantTimeEquals(reference) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func hkdfSecureBytesFormEqualsArrayForm() throws {
        let ikm = SecureRandom.bytes(count: 32)
        let a = try HKDFSHA256.derive(ikm: SecureBytes(copying: ikm), salt: [1, 2, 3], info: [4], count: 32)
        let b = try HKDFSHA256.derive(ikm: ikm, salt: [1, 2, 3], info: [4], count: 32)
        #expect(a.constantTimeEquals(b))
    }
}
