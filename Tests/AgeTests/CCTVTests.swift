@testable import Age
import TestSupport
import Crypto
import Testing

/// The CCTV age vectors, each file one case, decrypted both ways (streaming and in memory).
struct CCTVTests {
    /// Loaded once: some vectors are zlib-compressed and inflated by a child process.
    static let vectors: [CCTVVector] = (try? CCTVVector.all()) ?? []

    @Test func vectorsArePresentAndCounted() throws {
        let all = try CCTVVector.all()
        let hybrid = all.filter(\.isHybrid).count
        print("CCTV age vectors: \(all.count) total, \(all.count - hybrid) run, \(hybrid) hybrid (unsupported recipient type)")
        #expect(all.count >= 143)
        #expect(hybrid > 0)
    }

    @Test(arguments: vectors)
    func vectorDecryptsAsExpected(_ v: CCTVVector) throws {
        if v.isHybrid {
            // The post-quantum identity type is not implemented: refused clearly, and counted.
            let error = #expect(throws: AgeError.self) {
                for text in v.identities { _ = try X25519Identity(parsing: text) }
            }
            #expect(error?.kind == .unsupportedRecipientType)
            #expect(error?.detail.contains("unsupported recipient type") == true)
            return
        }
        let identities = try self.identities(v)
        let (streamOutcome, released) = Self.decryptStreaming(v, identities)
        #expect(streamOutcome == v.expect, "streaming decryption")
        if v.expect == "success" || v.expect == "payload failure" {
            #expect(Hex.encode(SHA256.hash(released)) == v.payloadHash, "SHA-256 of the released plaintext")
        }
        // The in-memory path must agree (it releases all or nothing).
        do {
            let plain = try Age.open(v.body, with: identities, maxPlaintext: .max, armored: v.armored)
            #expect(v.expect == "success", "in-memory open succeeded")
            #expect(Hex.encode(SHA256.hash(plain)) == v.payloadHash)
        } catch let error as AgeError {
            #expect(error.kind == .decryptionFailed)
            #expect(error.description == "decryption failed")
            #expect(Self.outcome(error) == v.expect, "in-memory open: \(error.detail)")
        }
    }

    func identities(_ v: CCTVVector) throws -> [any AgeIdentity] {
        var ids: [any AgeIdentity] = try v.identities.map { try X25519Identity(parsing: $0) }
        ids += v.passphrases.map { ScryptIdentity(passphrase: SecureBytes(copying: Array($0.utf8))) }
        return ids
    }

    static func decryptStreaming(_ v: CCTVVector, _ identities: [any AgeIdentity]) -> (String, [UInt8]) {
        let sink = AgeMemorySink()
        do {
            let decryptor = try AgeDecryptor(from: AgeMemorySource(v.body), armor: v.armored ? .armored : .binary)
            try decryptor.unwrap(with: identities)
            try decryptor.decrypt(to: sink)
            return ("success", sink.bytes)
        } catch let error as AgeError {
            return (outcome(error), sink.bytes)
        } catch {
            return ("unexpected \(error)", sink.bytes)
        }
    }

    static func outcome(_ error: AgeError) -> String {
        switch error.reason {
        case .armor: return "armor failure"
        case .header: return "header failure"
        case .noMatch: return "no match"
        case .hmac: return "HMAC failure"
        case .payload: return "payload failure"
        case nil: return "other error: \(error)"
        }
    }
}
