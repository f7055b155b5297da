import Foundation
import Testing
import TestSupport

/// Damaged or hostile input to `seqthink decrypt`: exit 1, one line on stderr, no output file
/// left behind, never a crash or a hang.
@Suite(.serialized)
struct AgeBadInputTests {
    /// A three-chunk file (two full chunks and a short one) made by age, and its key.
    static func fixture(_ h: AgeCLIHarness) throws -> (key: String, sealed: [UInt8], headerLength: Int) {
        let key = try h.seqKeyPair("k.txt")
        let enc = try h.run(h.age, ["-r", key.recipient], stdin: AgeCLIHarness.data(2 * 65536 + 500))
        let sealed = [UInt8](enc.stdout)
        let marker = Array("\n--- ".utf8)
        let macLine = (0..<sealed.count - marker.count).first { Array(sealed[$0..<$0 + marker.count]) == marker }!
        return (key.file, sealed, macLine + marker.count + 43 + 1)
    }

    static func expectCleanFailure(_ h: AgeCLIHarness, _ bytes: [UInt8], key: String, _ comment: Comment) throws {
        try h.write("bad.age", bytes)
        let r = try h.seq("decrypt", "-i", key, "-o", "out.bin", "bad.age")
        #expect(r.status == 1, comment)
        #expect(r.stderrText.hasPrefix("seqthink: error: "), comment)
        #expect(r.stderrText.split(separator: "\n").count == 1, comment)
        #expect(!h.exists("out.bin"), "partial output left behind: \(comment)")
    }

    @Test func truncatedFilesFailCleanly() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let f = try Self.fixture(h)
        for length in [0, 10, 50, f.headerLength - 1, f.headerLength, f.headerLength + 10, f.headerLength + 16,
                       f.headerLength + 16 + 65552, f.headerLength + 16 + 70000, f.sealed.count - 1] {
            try Self.expectCleanFailure(h, Array(f.sealed.prefix(length)), key: f.key, "truncated to \(length)")
        }
    }

    @Test func flippedBitsInHeaderMACNonceAndEachChunkFailCleanly() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let f = try Self.fixture(h)
        let payload = f.headerLength + 16
        let offsets: [(String, Int)] = [
            ("version", 3), ("stanza argument", 30), ("stanza body", 80), ("MAC", f.headerLength - 10),
            ("nonce", f.headerLength + 5), ("chunk 0", payload + 10), ("chunk 0 tag", payload + 65540),
            ("chunk 1", payload + 65552 + 100), ("chunk 2", payload + 2 * 65552 + 20), ("last byte", f.sealed.count - 1),
        ]
        for (name, offset) in offsets {
            var bad = f.sealed
            bad[offset] ^= 0x01
            try Self.expectCleanFailure(h, bad, key: f.key, "flipped bit in \(name)")
        }
    }

    @Test func wrongKeyFailsCleanly() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let f = try Self.fixture(h)
        let other = try h.seqKeyPair("other.txt")
        try h.write("bad.age", f.sealed)
        let r = try h.seq("decrypt", "-i", other.file, "-o", "out.bin", "bad.age")
        #expect(r.status == 1)
        #expect(r.stderrText == "seqthink: error: no identity matched any of the recipients\n")
        #expect(!h.exists("out.bin"))
    }

    @Test func nonCanonicalBase64InTheHeaderFailsCleanly() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let f = try Self.fixture(h)
        var text = f.sealed
        // The X25519 share is 43 characters; its last one carries 2 unused bits.
        let arrow = Array("-> X25519 ".utf8)
        let start = (0..<200).first { Array(text[$0..<$0 + arrow.count]) == arrow }! + arrow.count
        let last = start + 42
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let value = alphabet.firstIndex(of: text[last])!
        text[last] = alphabet[value | 1]
        try Self.expectCleanFailure(h, text, key: f.key, "non-canonical share")
        // Padding in a stanza body is not allowed either.
        var padded = f.sealed
        let bodyEnd = (start..<f.headerLength).first { padded[$0] == 10 }! + 43
        padded[bodyEnd - 1] = UInt8(ascii: "=")
        try Self.expectCleanFailure(h, padded, key: f.key, "padded body")
    }

    @Test func absurdScryptWorkFactorIsRefusedQuickly() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        try h.write("pw.txt", Array("pw\n".utf8))
        let enc = try h.seq("encrypt", "--passphrase-file", "pw.txt", stdin: [1, 2, 3])
        #expect(enc.status == 0)
        for factor in ["40", "22", "99999999999999999999", "018"] {
            let text = String(decoding: enc.stdout, as: UTF8.self)
            let bad = Array(text.replacingOccurrences(of: " 18\n", with: " \(factor)\n").utf8)
            try h.write("bad.age", bad)
            let r = try h.seq("decrypt", "--passphrase-file", "pw.txt", "-o", "out.bin", "bad.age")
            #expect(r.status == 1, "work factor \(factor)")
            #expect(r.stderrText.hasPrefix("seqthink: error: failed to read header"), "work factor \(factor): \(r.stderrText)")
            #expect(!h.exists("out.bin"))
        }
    }

    @Test func corruptLastChunkOnStdoutReportsFailureAfterWhatWasReleased() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let f = try Self.fixture(h)
        var bad = f.sealed
        bad[bad.count - 5] ^= 0x80
        let r = try h.seq("decrypt", "-i", f.key, stdin: bad)
        #expect(r.status == 1)
        #expect(r.stdout.count == 2 * 65536)  // two authenticated chunks, then the error
        #expect(r.stderrText.hasPrefix("seqthink: error: failed to decrypt payload"))
    }

    @Test func encryptRejectsBadRecipientsAndMissingFiles() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        for args in [["encrypt", "-r", "age1bogus"], ["encrypt", "-R", "missing.txt"], ["encrypt"], ["decrypt", "-i", "missing.txt"],
                     ["encrypt", "-r", "AGE-SECRET-KEY-1XYZ"], ["decrypt", "missing.age"], ["decrypt", "-i", "-", "-"]] {
            let r = try h.run(h.seqthink, args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderrText.hasPrefix("seqthink: error: ") && r.stderrText.split(separator: "\n").count == 1, "\(args): \(r.stderrText)")
        }
        let usage = try h.seq("encrypt", "--bogus")
        #expect(usage.status == 2)
        #expect(usage.stderrText.split(separator: "\n").count == 1)
    }
}
