import TestSupport
import Crypto
import Testing

/// Every Wycheproof vector of the four suites the age format relies on, one case each.
struct WycheproofTests {
    @Test(arguments: try Wycheproof.chachaCases())
    func chaCha20Poly1305MatchesWycheproofWithLibsodium(_ tc: Wycheproof.AEADCase) throws {
        let key = SecureBytes(copying: Hex.decode(tc.key))
        let iv = Hex.decode(tc.iv), aad = Hex.decode(tc.aad), msg = Hex.decode(tc.msg)
        let sealed = Hex.decode(tc.ct) + Hex.decode(tc.tag)
        if tc.flags.contains("InvalidNonceSize") {
            #expect(throws: CryptoError.self) { try ChaChaPoly.seal(msg, key: key, nonce: iv, aad: aad) }
            #expect(throws: CryptoError.self) { try ChaChaPoly.open(sealed, key: key, nonce: iv, aad: aad) }
            return
        }
        if tc.result == "valid" {
            #expect(try ChaChaPoly.seal(msg, key: key, nonce: iv, aad: aad) == sealed)
            #expect(try ChaChaPoly.open(sealed, key: key, nonce: iv, aad: aad) == msg)
        } else {
            #expect(throws: CryptoError.authenticationFailed) { try ChaChaPoly.open(sealed, key: key, nonce: iv, aad: aad) }
        }
    }

    @Test(arguments: try Wycheproof.chachaCases())
    func chaCha20Poly1305MatchesWycheproofWithOpenSSL(_ tc: Wycheproof.AEADCase) throws {
        let cipher = try ChaChaPolyCipher(key: SecureBytes(copying: Hex.decode(tc.key)))
        let iv = Hex.decode(tc.iv), msg = Hex.decode(tc.msg), aad = Hex.decode(tc.aad)
        let sealed = Hex.decode(tc.ct) + Hex.decode(tc.tag)
        var out = [UInt8](repeating: 0, count: msg.count + 16)
        var plain = [UInt8](repeating: 0, count: max(sealed.count - 16, 0))
        let seal = {
            try msg.withUnsafeBytes { m in
                try iv.withUnsafeBytes { n in try aad.withUnsafeBytes { a in try out.withUnsafeMutableBytes { try cipher.seal(m, nonce: n, aad: a, into: $0) } } }
            }
        }
        let open = {
            try sealed.withUnsafeBytes { s in
                try iv.withUnsafeBytes { n in try aad.withUnsafeBytes { a in try plain.withUnsafeMutableBytes { try cipher.open(s, nonce: n, aad: a, into: $0) } } }
            }
        }
        if tc.flags.contains("InvalidNonceSize") {
            #expect(throws: CryptoError.self) { try seal() }
            #expect(throws: CryptoError.self) { try open() }
        } else if tc.result == "valid" {
            try seal()
            #expect(out == sealed)
            try open()
            #expect(plain == msg)
        } else {
            #expect(throws: CryptoError.authenticationFailed) { try open() }
        }
    }

    @Test(arguments: try Wycheproof.x25519Cases())
    func x25519MatchesWycheproof(_ tc: Wycheproof.XDHCase) throws {
        let secret = SecureBytes(copying: Hex.decode(tc.private))
        let expected = Hex.decode(tc.shared)
        if expected.allSatisfy({ $0 == 0 }) {
            // RFC 7748 section 6.1: the all-zero output must be refused, and age requires it.
            #expect(throws: CryptoError.allZeroSharedSecret) { try X25519.sharedSecret(secret: secret, peer: Hex.decode(tc.public)) }
        } else {
            let shared = try X25519.sharedSecret(secret: secret, peer: Hex.decode(tc.public))
            #expect(shared.unsafeArrayCopy == expected)
        }
    }

    /// Every Wycheproof public key that has an Edwards25519 point goes through a prepared
    /// table too, and must give the same answer as the vector; the twist points (declined)
    /// must exist in the suite, or this would test only half the map.
    @Test func x25519PeerTableMatchesWycheproof() throws {
        var prepared = 0, declined = 0
        for tc in try Wycheproof.x25519Cases() {
            guard let table = X25519.PeerTable(peer: Hex.decode(tc.public)) else { declined += 1; continue }
            prepared += 1
            let secret = SecureBytes(copying: Hex.decode(tc.private))
            let expected = Hex.decode(tc.shared)
            if expected.allSatisfy({ $0 == 0 }) {
                #expect(throws: CryptoError.allZeroSharedSecret, "\(tc)") { try X25519.sharedSecret(secret: secret, peer: table) }
            } else {
                #expect(try X25519.sharedSecret(secret: secret, peer: table).unsafeArrayCopy == expected, "\(tc)")
            }
        }
        #expect(prepared > 100 && declined > 50, "prepared \(prepared), declined \(declined)")
    }

    @Test(arguments: try Wycheproof.hkdfCases())
    func hkdfSHA256MatchesWycheproof(_ tc: Wycheproof.HKDFCase) throws {
        let derive = { try HKDFSHA256.derive(ikm: Hex.decode(tc.ikm), salt: Hex.decode(tc.salt), info: Hex.decode(tc.info), count: tc.size) }
        if tc.result == "valid" {
            #expect(try derive().unsafeArrayCopy == Hex.decode(tc.okm))
        } else {
            #expect(throws: CryptoError.self) { try derive() }
        }
    }

    @Test(arguments: try Wycheproof.hmacCases())
    func hmacSHA256MatchesWycheproof(_ tc: Wycheproof.MACCase) throws {
        let key = Hex.decode(tc.key), msg = Hex.decode(tc.msg), tag = Hex.decode(tc.tag)
        #expect(tag.count == tc.tagSize / 8)
        let verified = HMACSHA256.verify(tag, message: msg, key: key)
        #expect(verified == (tc.result == "valid"))
        if tc.result == "valid" {
            #expect(Array(HMACSHA256.authenticate(msg, key: key).prefix(tag.count)) == tag)
        }
    }
}
