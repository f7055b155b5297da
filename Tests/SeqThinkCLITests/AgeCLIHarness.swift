import Foundation
import TestSupport

struct HarnessError: Error, CustomStringConvertible { let description: String }

/// Runs `seqthink` and Debian's `age` tools in a scratch directory for the interop tests.
/// A missing `age` or an unbuilt `seqthink` makes the test fail, never skip.
struct AgeCLIHarness {
    let dir: URL
    let seqthink: String
    let age: String
    let ageKeygen: String

    init() throws {
        // A child that exits before reading all its stdin (a rejected flag, a bad key) must not
        // kill the whole test process with SIGPIPE while ProcessRunner feeds it: ignored, the
        // write just fails with EPIPE, which ProcessRunner already tolerates.
        signal(SIGPIPE, SIG_IGN)
        dir = try TestEnvironment.temporaryDirectory("seqthink-age-cli")
        seqthink = try TestEnvironment.seqthinkBinary()
        age = try TestEnvironment.tool("age", package: "age")
        ageKeygen = try TestEnvironment.tool("age-keygen", package: "age")
    }

    func cleanup() { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @discardableResult
    func run(_ exe: String, _ args: [String], stdin: [UInt8] = []) throws -> ProcessRunner.Result {
        try ProcessRunner.run(exe, args, stdin: Data(stdin), currentDirectory: dir, timeout: 120)
    }

    func seq(_ args: String..., stdin: [UInt8] = []) throws -> ProcessRunner.Result {
        try run(seqthink, args, stdin: stdin)
    }

    func write(_ name: String, _ bytes: [UInt8], mode: Int = 0o600) throws {
        _ = FileManager.default.createFile(atPath: path(name), contents: Data(bytes), attributes: [.posixPermissions: mode])
    }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// A key pair made by `age-keygen`: (identity file name, recipient).
    func ageKeyPair(_ name: String) throws -> (file: String, recipient: String) {
        let r = try run(ageKeygen, ["-o", name])
        guard r.status == 0 else { throw HarnessError(description: "age-keygen failed: \(r.stderrText)") }
        let recipient = try run(ageKeygen, ["-y", name]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return (name, recipient)
    }

    /// A key pair made by `seqthink keygen`.
    func seqKeyPair(_ name: String) throws -> (file: String, recipient: String) {
        let r = try seq("keygen", "-o", name)
        guard r.status == 0 else { throw HarnessError(description: "seqthink keygen failed: \(r.stderrText)") }
        let recipient = try seq("keygen", "-y", name).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return (name, recipient)
    }

    /// Deterministic test data.
    static func data(_ size: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<size).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }
}
