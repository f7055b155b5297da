import Foundation
import SeqThinkServer
import Testing
import TestSupport

/// `seqthink call` as a user runs it: the built binary against a gateway running in this process
/// with age keys (made by `age-keygen`) and JWT auth (a key and JWKS made by `seqthink token` and
/// `seqthink jwks`, served by jwks_server.py on loopback).
@Suite(.serialized) struct CallVerbTests {
    /// The gateway, its keys and a token, in one directory removed afterwards.
    final class Gateway: Sendable {
        let directory: URL
        let service: SeqThinkService
        let task: Task<Void, any Error>
        let port: Int
        let jwks: Process
        var url: String { "http://127.0.0.1:\(port)" }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        static func start(encrypted: Bool = true, extra: [String: String] = [:]) async throws -> Gateway {
            let directory = try TestEnvironment.temporaryDirectory("seqthink-call")
            func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
            let binary = try TestEnvironment.seqthinkBinary()
            let keygen = try TestEnvironment.tool("age-keygen", package: "age")
            for name in ["server.key", "client.key", "stranger.key"] {
                #expect(try await ProcessRunner.run(keygen, ["-o", path(name)]).status == 0)
            }
            let client = try await ProcessRunner.run(keygen, ["-y", path("client.key")]).stdout
            try client.write(to: URL(fileURLWithPath: path("recipients.txt")))
            #expect(try await ProcessRunner.run(binary, ["token", "--new-key", path("signing.pem")]).status == 0)
            let jwks = try await ProcessRunner.run(binary, ["jwks", "--key", path("signing.pem"), "--kid", "k"])
            try jwks.stdout.write(to: URL(fileURLWithPath: path("jwks.json")))
            let token = try await ProcessRunner.run(binary, ["token", "--key", path("signing.pem"), "--kid", "k", "--scope", "mcp:call"])
            try token.stdout.write(to: URL(fileURLWithPath: path("token")))

            let server = Process()
            server.executableURL = URL(fileURLWithPath: try TestEnvironment.tool("python3", package: "python3"))
            server.arguments = [TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/jwks_server.py").path, "--dir", directory.path]
            let out = Pipe()
            server.standardOutput = out
            server.standardError = FileHandle.nullDevice
            try server.run()
            let jwksPort: Int = await withCheckedContinuation { continuation in
                Thread {
                    var line = Data()
                    while !line.contains(0x0A) {
                        let byte = out.fileHandleForReading.readData(ofLength: 1)
                        if byte.isEmpty { break }
                        line += byte
                    }
                    continuation.resume(returning: Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
                }.start()
            }

            var env = ["BIND": "127.0.0.1", "PORT": "0", "SHUTDOWN_DELAY_S": "0", "EVENT_LOOPS": "1",
                       "KACHING_JWKS_URL": "http://127.0.0.1:\(jwksPort)/jwks.json", "REQUIRED_SCOPE": "mcp:call"]
            if encrypted { env["AGE_IDENT_PATH"] = path("server.key"); env["AGE_RECIPS_PATH"] = path("recipients.txt") }
            env.merge(extra) { _, new in new }
            let service = SeqThinkService(configuration: try ServerConfiguration.resolve(environment: env), logger: .silent, handleSignals: false)
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let task = Task {
                defer { continuation.finish() }
                try await service.run { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let gateway = Gateway(directory: directory, service: service, task: task, port: port, jwks: server)
            // Wait for the JWKS fetch (AuthGate answers 503 until then).
            for _ in 0..<100 {
                let ready = try await ProcessRunner.run(try TestEnvironment.tool("curl"), ["-s", "-o", "/dev/null", "-w", "%{http_code}", gateway.url + "/ready"])
                if ready.stdoutText == "200" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return gateway
        }

        private init(directory: URL, service: SeqThinkService, task: Task<Void, any Error>, port: Int, jwks: Process) {
            self.directory = directory
            self.service = service
            self.task = task
            self.port = port
            self.jwks = jwks
        }

        func stop() async {
            service.stop()
            _ = try? await task.value
            kill(jwks.processIdentifier, SIGKILL)
            jwks.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }

        func call(_ arguments: [String], stdin: String = "") async throws -> ProcessRunner.Result {
            try await ProcessRunner.run(try TestEnvironment.seqthinkBinary(), ["call"] + arguments, stdin: Data(stdin.utf8), timeout: 60)
        }
    }

    static let first = #"{"thought":"call verb","thoughtNumber":1,"totalThoughts":2,"nextThoughtNeeded":true}"#

    @Test func callsThroughAnEncryptedGatewayAndPrintsTheResult() async throws {
        let gateway = try await Gateway.start()
        do {
            // Recipient fetched from /.well-known, token from a file, arguments inline.
            let fetched = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "-i", gateway.path("client.key"),
                                                  "--args", Self.first])
            #expect(fetched.status == 0, "\(fetched.stderrText)")
            #expect(fetched.stdoutText.contains(#""thoughtHistoryLength":1"#))

            // The /mcp/tool URL itself, arguments from stdin, LZ4 both ways, the recipient given.
            let server = try await ProcessRunner.run(try TestEnvironment.tool("age-keygen", package: "age"), ["-y", gateway.path("server.key")])
            let named = try await gateway.call([gateway.url + "/mcp/tool", "--token", String(decoding: try Data(contentsOf: URL(fileURLWithPath: gateway.path("token"))), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                                                "--recipient", server.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines),
                                                "-i", gateway.path("client.key"), "--lz4", "--args-file", "-"], stdin: Self.first)
            #expect(named.status == 0, "\(named.stderrText)")
            #expect(named.stdoutText.contains(#""thoughtHistoryLength":2"#))

            // The tool's own error: the result is printed, the exit status is 1.
            let invalid = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "-i", gateway.path("client.key"), "--args", "{}"])
            #expect(invalid.status == 1)
            #expect(invalid.stdoutText.contains(#""isError":true"#))
            #expect(invalid.stderrText.contains("the tool reported an error"))
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }

    @Test func everyFailureIsExitOneWithAMessageNamingTheStatus() async throws {
        let gateway = try await Gateway.start()
        do {
            let noToken = try await gateway.call([gateway.url, "-i", gateway.path("client.key"), "--args", Self.first])
            #expect(noToken.status == 1)
            #expect(noToken.stderrText.contains("answered 401 (invalid_token"), "\(noToken.stderrText)")

            let wrongKey = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "-i", gateway.path("stranger.key"), "--args", Self.first])
            #expect(wrongKey.status == 1)
            #expect(wrongKey.stderrText.contains("could not be decrypted"), "\(wrongKey.stderrText)")

            let plaintext = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "--plaintext", "--args", Self.first])
            #expect(plaintext.status == 1)
            #expect(plaintext.stderrText.contains("answered 415"), "\(plaintext.stderrText)")

            let noIdentity = try await gateway.call([gateway.url, "--token-file", gateway.path("token")])
            #expect(noIdentity.status == 2)
            #expect(noIdentity.stderrText.contains("-i IDENTITY"))

            let badArgs = try await gateway.call([gateway.url, "-i", gateway.path("client.key"), "--args", "[1]"])
            #expect(badArgs.status == 2)

            let refused = try await gateway.call(["http://127.0.0.1:1", "-i", gateway.path("client.key")])
            #expect(refused.status == 1)
            #expect(refused.stderrText.contains("connection refused"), "\(refused.stderrText)")

            // A token on stdout or stderr would end up in terminals and CI logs.
            let token = String(decoding: try Data(contentsOf: URL(fileURLWithPath: gateway.path("token"))), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            for result in [noToken, wrongKey, plaintext] { #expect(!result.stderrText.contains(token)) }
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }

    @Test func aPlaintextGatewayNeedsPlaintextExplicitly() async throws {
        let gateway = try await Gateway.start(encrypted: false)
        do {
            let refused = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "-i", gateway.path("client.key"), "--args", Self.first])
            #expect(refused.status == 1)
            #expect(refused.stderrText.contains("answered 404 (encryption_disabled"), "\(refused.stderrText)")
            #expect(refused.stderrText.contains("--plaintext"))

            let plain = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "--plaintext", "--args", Self.first])
            #expect(plain.status == 0, "\(plain.stderrText)")
            #expect(plain.stdoutText.contains(#""thoughtHistoryLength":1"#))
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }

    @Test func sendRecipientAsksForTheAnswerSealedToTheCaller() async throws {
        let gateway = try await Gateway.start(extra: ["AGE_CLIENT_RECIPIENTS": "allow"])
        do {
            // stranger.key is not in AGE_RECIPS_PATH: only --send-recipient makes the answer readable.
            let without = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "-i", gateway.path("stranger.key"), "--args", Self.first])
            #expect(without.status == 1)
            let with = try await gateway.call([gateway.url, "--token-file", gateway.path("token"), "-i", gateway.path("stranger.key"),
                                               "--send-recipient", "--args", Self.first])
            #expect(with.status == 0, "\(with.stderrText)")
        } catch {
            await gateway.stop()
            throw error
        }
        await gateway.stop()
    }
}
