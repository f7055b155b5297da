@testable import Age
import Crypto
import Testing

/// Every single-bit flip and every truncation of a small multi-chunk file fails with the one
/// generic error: no crash, no partial result from the in-memory API.
struct TamperTests {
    static let identity = X25519Identity.generate()
    static let plaintext = SecureRandom.bytes(count: 2 * 65536 + 100)
    static let sealed: [UInt8] = try! Age.seal(plaintext, to: [identity.recipient])

    /// Offsets in the header, the MAC line, the nonce and each of the three chunks.
    static var offsets: [Int] {
        let headerEnd = sealed.withUnsafeBytes { try! AgeHeaderParser.parse($0)!.length }
        let header = Array(0..<headerEnd).filter { $0 % 7 == 0 }
        let nonce = Array(headerEnd..<headerEnd + 16)
        let payload = headerEnd + 16
        var chunks: [Int] = []
        for c in 0..<3 {
            let start: Int = payload + c * 65552
            chunks += [start, start + 1000, start + 65551].map { min($0, sealed.count - 1) }
        }
        return header + nonce + chunks + [sealed.count - 1]
    }

    @Test(arguments: offsets)
    func flippedBitIsADecryptionFailure(_ offset: Int) {
        var bad = Self.sealed
        bad[offset] ^= 0x04
        let error = #expect(throws: AgeError.self) { try Age.open(bad, with: [Self.identity]) }
        #expect(error?.kind == .decryptionFailed)
    }

    @Test(arguments: [0, 1, 20, 100, 150, 65552, 65553, 131_000, Self.sealed.count - 1])
    func truncatedFileIsADecryptionFailure(_ length: Int) {
        let error = #expect(throws: AgeError.self) { try Age.open(Array(Self.sealed.prefix(length)), with: [Self.identity]) }
        #expect(error?.kind == .decryptionFailed)
    }

    @Test func appendedByteIsADecryptionFailure() {
        let error = #expect(throws: AgeError.self) { try Age.open(Self.sealed + [0], with: [Self.identity]) }
        #expect(error?.reason == .payload)
    }

    @Test func garbageInputsFailCleanly() {
        for input in [[UInt8](), Array("hello".utf8), [UInt8](repeating: 0, count: 5000), Array("-----BEGIN AGE ENCRYPTED FILE-----\n".utf8),
                      Array("age-encryption.org/v1\n".utf8) + [UInt8](repeating: 0x41, count: 100_000)] {
            let error = #expect(throws: AgeError.self) { try Age.open(input, with: [Self.identity]) }
            #expect(error?.kind == .decryptionFailed)
        }
    }

    @Test func hugeHeaderLineIsRefusedWithoutUnboundedBuffering() {
        let input = Array("age-encryption.org/v1\n-> X25519 ".utf8) + [UInt8](repeating: 0x41, count: 2 << 20)
        let error = #expect(throws: AgeError.self) {
            let d = try AgeDecryptor(from: AgeMemorySource(input))
            try d.unwrap(with: [Self.identity])
        }
        #expect(error?.reason == .header)
    }
}
