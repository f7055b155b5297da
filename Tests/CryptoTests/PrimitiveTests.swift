import TestSupport
import Crypto
import Testing

struct PrimitiveTests {
    @Test func sha256OfAbcMatchesFIPS180() {
        #expect(Hex.encode(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// FIPS 180-2 appendix B: the empty string, the two-block message, and a million "a"s fed in
    /// uneven pieces (every block-boundary case of the incremental API).
    @Test func sha256MatchesTheFIPS180LongVectors() {
        #expect(Hex.encode(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var hasher = SHA256()
        var fed = 0, step = 1
        while fed < 1_000_000 {
            let count = min(step, 1_000_000 - fed)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
            fed += count
            step = step % 200 + 7
        }
        #expect(Hex.encode(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha256IncrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8($0 & 0xff) }
        var hasher = SHA256()
        hasher.update(Array(data[0..<333]))
        hasher.update(Array(data[333...]))
        #expect(hasher.finalize() == SHA256.hash(data))
    }

    @Test func scryptMatchesRFC7914Vector() throws {
        let out = try Scrypt.derive(password: Array("password".utf8), salt: Array("NaCl".utf8), logN: 10, r: 8, p: 16, count: 64)
        #expect(Hex.encode(out.unsafeArrayCopy) ==
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test(arguments: [0, 31, 99])
    func scryptRejectsAbsurdWorkFactors(_ logN: Int) {
        #expect(throws: CryptoError.self) { try Scrypt.derive(password: [1], salt: [2], logN: logN) }
    }

    @Test func x25519PublicKeyMatchesRFC7748Alice() throws {
        let alice = SecureBytes(copying: Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        #expect(Hex.encode(try X25519.publicKey(secret: alice)) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    }

    @Test func x25519RejectsWrongLengths() {
        #expect(throws: CryptoError.self) { try X25519.sharedSecret(secret: SecureBytes(randomCount: 31), peer: [UInt8](repeating: 9, count: 32)) }
        #expect(throws: CryptoError.self) { try X25519.sharedSecret(secret: X25519.generateSecret(), peer: [UInt8](repeating: 9, count: 33)) }
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([], []))
    }

    @Test func secureRandomReturnsDistinctBuffers() {
        #expect(SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test func secureBytesCopiesAndCompares() {
        let a = SecureBytes(copying: [1, 2, 3]), b = SecureBytes(copying: [1, 2, 3])
        #expect(a.count == 3)
        #expect(a.constantTimeEquals(b))
        #expect(!a.constantTimeEquals(SecureBytes(copying: [1, 2])))
    }

    @Test func chaChaPolyRejectsShortCiphertextAndWrongKeyLength() {
        let key = SecureBytes(randomCount: 32), nonce = [UInt8](repeating: 0, count: 12)
        #expect(throws: CryptoError.authenticationFailed) { try ChaChaPoly.open([1, 2, 3], key: key, nonce: nonce) }
        #expect(throws: CryptoError.self) { try ChaChaPoly.seal([1], key: SecureBytes(randomCount: 16), nonce: nonce) }
        #expect(throws: CryptoError.self) { try ChaChaPolyCipher(key: SecureBytes(randomCount: 31)) }
    }

    @Test func bulkAndOneShotAEADAgreeOnLargeInput() throws {
        let key = SecureBytes(randomCount: 32), nonce = SecureRandom.bytes(count: 12)
        let message = SecureRandom.bytes(count: 65536)
        let oneShot = try ChaChaPoly.seal(message, key: key, nonce: nonce)
        let cipher = try ChaChaPolyCipher(key: key)
        var bulk = [UInt8](repeating: 0, count: message.count + 16)
        try message.withUnsafeBytes { m in try nonce.withUnsafeBytes { n in try bulk.withUnsafeMutableBytes { try cipher.seal(m, nonce: n, into: $0) } } }
        #expect(bulk == oneShot)
        var plain = [UInt8](repeating: 0, count: message.count)
        bulk[100] ^= 1
        #expect(throws: CryptoError.authenticationFailed) {
            try bulk.withUnsafeBytes { s in try nonce.withUnsafeBytes { n in try plain.withUnsafeMutableBytes { try cipher.open(s, nonce: n, into: $0) } } }
        }
        #expect(plain.allSatisfy { $0 == 0 })
    }
}
