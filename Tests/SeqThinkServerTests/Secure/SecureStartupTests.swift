import Foundation
import HTTP
import SeqThinkServer
import Testing
import TestSupport

/// Startup checks of the secure path: production refuses to start without keys, a bad key file
/// stops startup naming the line, a readable identity file is warned about, public keys are
/// logged and the secret never.
@Suite(.serialized) struct SecureStartupTests {
    static func startupError(_ environment: [String: String], logger: Logger = .silent) async -> String? {
        do {
            let server = try await LiveServer.start(environment, logger: logger)
            try? await server.stop()
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func keyFile(_ directory: URL, _ name: String, mode: Int) async throws -> (path: String, recipient: String) {
        let path = directory.appendingPathComponent(name).path
        let keygen = try TestEnvironment.tool("age-keygen", package: "age")
        _ = try await ProcessRunner.run(keygen, ["-o", path])
        chmod(path, mode_t(mode))
        let recipient = try await ProcessRunner.run(keygen, ["-y", path]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return (path, recipient)
    }

    @Test func productionRefusesToStartWithoutKeysAndJWKS() async throws {
        let message = await Self.startupError(["SEQTHINK_MODE": "production"])
        #expect(message?.contains("AGE_IDENT_PATH") == true)
        #expect(message?.contains("AGE_RECIPS_PATH") == true)
        #expect(message?.contains("KACHING_JWKS_URL") == true)
    }

    @Test func aBadRecipientLineStopsStartupWithItsLineNumber() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = try await Self.keyFile(directory, "id.key", mode: 0o600)
        let recipients = directory.appendingPathComponent("recips").path
        try "# ok\n\(identity.recipient)\n\nage1bogus\n".write(toFile: recipients, atomically: true, encoding: .utf8)
        let message = await Self.startupError(["AGE_IDENT_PATH": identity.path, "AGE_RECIPS_PATH": recipients])
        #expect(message?.contains("AGE_RECIPS_PATH") == true && message?.contains("line 4") == true, "\(message ?? "started")")

        let missing = await Self.startupError(["AGE_IDENT_PATH": directory.appendingPathComponent("nope").path, "AGE_RECIPS_PATH": recipients])
        #expect(missing?.contains("cannot be read") == true, "\(missing ?? "started")")
    }

    @Test func aBadIdentityLineStopsStartupWithoutRepeatingTheSecret() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try await Self.keyFile(directory, "id.key", mode: 0o600)
        let secret = try String(contentsOfFile: good.path, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-") }!
        let broken = directory.appendingPathComponent("broken.key").path
        try "# created by hand\n\(secret)\n\(secret.dropLast(3))QQQ\n".write(toFile: broken, atomically: true, encoding: .utf8)
        chmod(broken, 0o600)
        let recipients = directory.appendingPathComponent("recips").path
        try "\(good.recipient)\n".write(toFile: recipients, atomically: true, encoding: .utf8)
        let message = await Self.startupError(["AGE_IDENT_PATH": broken, "AGE_RECIPS_PATH": recipients])
        #expect(message?.contains("line 3") == true, "\(message ?? "started")")
        #expect(message?.contains("AGE-SECRET-KEY") == false)
    }

    @Test func aReadableIdentityIsWarnedAboutAndOnlyPublicKeysAreLogged() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = try await Self.keyFile(directory, "id.key", mode: 0o644)
        let client = try await Self.keyFile(directory, "client.key", mode: 0o600)
        let recipients = directory.appendingPathComponent("recips").path
        try "\(client.recipient)\n".write(toFile: recipients, atomically: true, encoding: .utf8)
        let logs = SecureLogCapture()
        try await LiveServer.with(["AGE_IDENT_PATH": identity.path, "AGE_RECIPS_PATH": recipients], logger: logs.logger) { (server: LiveServer) async throws in
            #expect(try await server.get("/.well-known/age-recipient").text == identity.recipient + "\n")
        }
        let text = logs.text
        #expect(text.contains("readable by group or others"))
        #expect(text.contains(#""mode":"644""#))
        #expect(text.contains(identity.recipient))
        #expect(text.contains(client.recipient))
        #expect(!text.contains("AGE-SECRET-KEY"))
        #expect(!text.contains("ENCRYPTION IS OFF"))
    }

    @Test func anIdentityFileWithSeveralKeysOpensRequestsToEach() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await Self.keyFile(directory, "a.key", mode: 0o600)
        let second = try await Self.keyFile(directory, "b.key", mode: 0o600)
        let client = try await Self.keyFile(directory, "client.key", mode: 0o600)
        let both = directory.appendingPathComponent("both.key").path
        try (String(contentsOfFile: first.path, encoding: .utf8) + "\n" + String(contentsOfFile: second.path, encoding: .utf8))
            .write(toFile: both, atomically: true, encoding: .utf8)
        chmod(both, 0o600)
        let recipients = directory.appendingPathComponent("recips").path
        try "\(client.recipient)\n".write(toFile: recipients, atomically: true, encoding: .utf8)
        try await LiveServer.with(["AGE_IDENT_PATH": both, "AGE_RECIPS_PATH": recipients], logger: .silent) { (server: LiveServer) async throws in
            #expect(try await server.get("/.well-known/age-recipient").text == "\(first.recipient)\n\(second.recipient)\n")
            let age = try TestEnvironment.tool("age")
            for recipient in [first.recipient, second.recipient] {
                let sealed = try await ProcessRunner.run(age, ["-r", recipient], stdin: Data(SecurePathTests.toolBody(1).utf8))
                let response = try await server.postAge("/mcp/tool", [UInt8](sealed.stdout))
                #expect(response.status == 200)
                let opened = try await ProcessRunner.run(age, ["-d", "-i", client.path], stdin: Data(response.body))
                #expect(opened.stdoutText.contains("structuredContent"))
            }
        }
    }

    @Test func devModeWithoutKeysWarnsLoudly() async throws {
        let logs = SecureLogCapture()
        try await LiveServer.with([:], logger: logs.logger) { (server: LiveServer) async throws in
            #expect(try await server.get("/.well-known/age-recipient").status == 404)
        }
        #expect(logs.text.contains("ENCRYPTION IS OFF"))
    }
}
