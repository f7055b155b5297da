@testable import Age
import Crypto
import Testing

/// Bounded, deterministic mutation fuzzing: whatever the damage, decryption either fails with
/// the one generic error or returns exactly the original plaintext. Nothing may crash or hang.
struct FuzzTests {
    /// xorshift64*, seeded, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let identity = X25519Identity.generate()
    static let plaintext = Array("fuzzing the age decoder, one mutation at a time".utf8) + [UInt8](repeating: 7, count: 70_000)

    static func mutate(_ input: [UInt8], _ rng: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            case 1: bytes.removeSubrange(at...)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 3: bytes.remove(at: at)
            default: bytes[at] = [10, 13, 32, 45, 61, 62][Int.random(in: 0..<6, using: &rng)]
            }
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func mutatedFilesFailCleanlyOrDecryptExactly(_ armor: Bool) throws {
        let sealed = try Age.seal(Self.plaintext, to: [Self.identity.recipient], armor: armor)
        var rng = Generator(state: armor ? 0x5eed_a4e0 : 0x5eed_b1a7)
        for _ in 0..<600 {
            let input = Self.mutate(sealed, &rng)
            do {
                #expect(try Age.open(input, with: [Self.identity]) == Self.plaintext)
            } catch let error as AgeError {
                #expect(error.kind == .decryptionFailed)
            }
            // The streaming path releases only authenticated chunks: always a prefix.
            let sink = AgeMemorySink()
            do {
                let decryptor = try AgeDecryptor(from: AgeMemorySource(input))
                try decryptor.unwrap(with: [Self.identity])
                try decryptor.decrypt(to: sink)
                #expect(sink.bytes == Self.plaintext)
            } catch let error as AgeError {
                #expect(error.kind == .decryptionFailed)
                #expect(Self.plaintext.starts(with: sink.bytes))
            }
        }
    }

    @Test func randomHeadersNeverCrashTheParser() {
        var rng = Generator(state: 0xdead_beef)
        let alphabet = Array("-> X25519scrypt AB+/=0123456789\n\n\n---".utf8)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...300, using: &rng)
            let body = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let input = Array("age-encryption.org/v1\n".utf8) + body
            _ = try? input.withUnsafeBytes { try AgeHeaderParser.parse($0) }
            _ = try? Age.open(input, with: [Self.identity])
        }
    }
}
