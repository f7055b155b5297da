import Foundation
import Testing
import TestSupport

/// seqthink's age verbs against Debian's age 1.1.1, in both directions.
@Suite(.serialized)
struct AgeInteropTests {
    static let sizes = [0, 1, 65535, 65536, 65537, 2 * 65536, 3 << 20]

    @Test(arguments: sizes, [false, true])
    func ageDecryptsWhatSeqthinkEncryptsToAnAgeKeygenKey(_ size: Int, _ armor: Bool) throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let key = try h.ageKeyPair("age-key.txt")
        let plaintext = AgeCLIHarness.data(size, seed: UInt64(size))
        try h.write("in.bin", plaintext)
        let enc = try h.run(h.seqthink, ["encrypt", "-r", key.recipient] + (armor ? ["-a"] : []) + ["-o", "out.age", "in.bin"])
        #expect(enc.status == 0, "\(enc.stderrText)")
        let encrypted = try h.read("out.age")
        #expect(encrypted.starts(with: Array((armor ? "-----BEGIN AGE ENCRYPTED FILE-----\n" : "age-encryption.org/v1\n").utf8)))
        let dec = try h.run(h.age, ["-d", "-i", key.file, "out.age"])
        #expect(dec.status == 0, "\(dec.stderrText)")
        #expect([UInt8](dec.stdout) == plaintext)
    }

    @Test(arguments: sizes, [false, true])
    func seqthinkDecryptsWhatAgeEncryptsToASeqthinkKey(_ size: Int, _ armor: Bool) throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let key = try h.seqKeyPair("seq-key.txt")
        let plaintext = AgeCLIHarness.data(size, seed: UInt64(size) + 7)
        let enc = try h.run(h.age, ["-r", key.recipient] + (armor ? ["-a"] : []), stdin: plaintext)
        #expect(enc.status == 0, "\(enc.stderrText)")
        // Input from stdin, armor detected by content.
        let dec = try h.run(h.seqthink, ["decrypt", "-i", key.file], stdin: [UInt8](enc.stdout))
        #expect(dec.status == 0, "\(dec.stderrText)")
        #expect([UInt8](dec.stdout) == plaintext)
        #expect(dec.stderr.isEmpty)
    }

    @Test func severalRecipientsAndRecipientsFilesWorkBothWays() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let a = try h.ageKeyPair("a.txt"), b = try h.seqKeyPair("b.txt"), c = try h.seqKeyPair("c.txt")
        try h.write("team.txt", Array("# the team\n\n\(a.recipient)\n# bob\n\(b.recipient)\n".utf8))
        let plaintext = AgeCLIHarness.data(100_000)
        try h.write("in.bin", plaintext)
        #expect(try h.seq("encrypt", "-R", "team.txt", "-r", c.recipient, "-o", "seq.age", "in.bin").status == 0)
        #expect(try h.run(h.age, ["-R", "team.txt", "-r", c.recipient, "-o", "age.age", "in.bin"]).status == 0)
        for file in ["seq.age", "age.age"] {
            for key in [a, b, c] {
                let bySeq = try h.seq("decrypt", "-i", key.file, file)
                #expect(bySeq.status == 0 && [UInt8](bySeq.stdout) == plaintext, "seqthink \(file) with \(key.file): \(bySeq.stderrText)")
                let byAge = try h.run(h.age, ["-d", "-i", key.file, file])
                #expect(byAge.status == 0 && [UInt8](byAge.stdout) == plaintext, "age \(file) with \(key.file): \(byAge.stderrText)")
            }
        }
        // One identity file holding several keys, with comments, and repeated -i.
        let combined = try h.read("b.txt") + Array("\n# another\n".utf8) + h.read("a.txt")
        try h.write("both.txt", combined)
        let r = try h.seq("decrypt", "-i", "c.txt", "--identity", "both.txt", "-o", "plain.bin", "age.age")
        #expect(r.status == 0)
        #expect(try h.read("plain.bin") == plaintext)
    }

    @Test func keygenWritesAgeKeygenFormatToANewPrivateFile() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let r = try h.seq("keygen", "-o", "k.txt")
        #expect(r.status == 0)
        let lines = String(decoding: try h.read("k.txt"), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].range(of: #"^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"#, options: .regularExpression) != nil)
        #expect(lines[1].hasPrefix("# public key: age1"))
        #expect(lines[2].hasPrefix("AGE-SECRET-KEY-1"))
        #expect(r.stderrText == "Public key: \(lines[1].dropFirst("# public key: ".count))\n")
        let mode = try FileManager.default.attributesOfItem(atPath: h.path("k.txt"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // An existing file is never overwritten.
        let again = try h.seq("keygen", "-o", "k.txt")
        #expect(again.status == 1)
        #expect(again.stderrText.split(separator: "\n").count == 1)
        // -y from a file and from stdin; age-keygen agrees.
        let y = try h.seq("keygen", "-y", "k.txt")
        #expect(y.stdoutText == String(lines[1].dropFirst("# public key: ".count)) + "\n")
        #expect(try h.seq("keygen", "-y", stdin: h.read("k.txt")).stdoutText == y.stdoutText)
        #expect(try h.run(h.ageKeygen, ["-y", "k.txt"]).stdoutText == y.stdoutText)
        // Without -o the key goes to stdout and nothing to stderr.
        let plain = try h.seq("keygen")
        #expect(plain.status == 0 && plain.stdoutText.contains("AGE-SECRET-KEY-1") && plain.stderr.isEmpty)
    }

    @Test func ageKeygenIdentityFileWorksWithSeqthinkKeygenY() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let key = try h.ageKeyPair("a.txt")
        #expect(try h.seq("keygen", "-y", "a.txt").stdoutText == key.recipient + "\n")
    }

    @Test func identityFileReadableByOthersDrawsAWarning() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let key = try h.seqKeyPair("k.txt")
        _ = try h.run("/bin/chmod", ["644", h.path("k.txt")])
        let sealed = try h.seq("encrypt", "-r", key.recipient, stdin: [1, 2, 3]).stdout
        let r = try h.seq("decrypt", "-i", "k.txt", stdin: [UInt8](sealed))
        #expect(r.status == 0)
        #expect([UInt8](r.stdout) == [1, 2, 3])
        #expect(r.stderrText.contains("warning") && r.stderrText.contains("readable by group or others"))
    }

    @Test func passphraseFileRoundTripsAndRefusesRecipientsAlongside() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        try h.write("pw.txt", Array("correct horse battery\n".utf8))
        let enc = try h.seq("encrypt", "--passphrase-file", "pw.txt", "-a", stdin: Array("secret".utf8))
        #expect(enc.status == 0, "\(enc.stderrText)")
        #expect(enc.stdoutText.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----"))
        let dec = try h.seq("decrypt", "--passphrase-file", "pw.txt", stdin: [UInt8](enc.stdout))
        #expect(dec.stdoutText == "secret")
        try h.write("bad.txt", Array("wrong\n".utf8))
        let wrong = try h.seq("decrypt", "--passphrase-file", "bad.txt", stdin: [UInt8](enc.stdout))
        #expect(wrong.status == 1 && wrong.stdout.isEmpty)
        let key = try h.seqKeyPair("k.txt")
        #expect(try h.seq("encrypt", "-p", "-r", key.recipient).status == 1)
    }

    /// `-p` reads the passphrase from the terminal, as age does; `script` gives both a pty.
    @Test func passphraseFromTheTerminalInteroperatesWithAgeBothWays() throws {
        let h = try AgeCLIHarness()
        defer { h.cleanup() }
        let script = try TestEnvironment.tool("script", package: "bsdutils")
        let plaintext = AgeCLIHarness.data(70_000)
        try h.write("in.bin", plaintext)
        func onTerminal(_ command: String, typing: String) throws -> ProcessRunner.Result {
            try h.run(script, ["-qec", command, "/dev/null"], stdin: Array(typing.utf8))
        }
        let seqEncrypt = try onTerminal("\(h.seqthink) encrypt -p -o seq.age in.bin", typing: "hunter2\nhunter2\n")
        #expect(seqEncrypt.status == 0, "\(seqEncrypt.stdoutText)")
        let ageDecrypt = try onTerminal("\(h.age) -d -o from-seq.bin seq.age", typing: "hunter2\n")
        #expect(ageDecrypt.status == 0, "\(ageDecrypt.stdoutText)")
        #expect(try h.read("from-seq.bin") == plaintext)

        let ageEncrypt = try onTerminal("\(h.age) -p -o age.age in.bin", typing: "hunter2\nhunter2\n")
        #expect(ageEncrypt.status == 0, "\(ageEncrypt.stdoutText)")
        let seqDecrypt = try onTerminal("\(h.seqthink) decrypt -o from-age.bin age.age", typing: "hunter2\n")
        #expect(seqDecrypt.status == 0, "\(seqDecrypt.stdoutText)")
        #expect(try h.read("from-age.bin") == plaintext)
        // A mistyped confirmation is refused and leaves no output.
        let mismatch = try onTerminal("\(h.seqthink) encrypt -p -o bad.age in.bin", typing: "one\ntwo\n")
        #expect(mismatch.status != 0)
        #expect(!h.exists("bad.age"))
    }
}
