import Foundation
import HTTP
import SeqThinkServer
import Synchronization
import Testing
import TestSupport

/// Everything a secure-path test talks to, made fresh per test in its own directory: the
/// service's identity and two client identities (Debian's `age-keygen`), a recipients file
/// naming both clients, a JWKS served on loopback by Python with RS256 tokens minted by PyJWT.
/// `remove()` stops the JWKS server and deletes the keys.
final class SecureWorld: Sendable {
    static let python = Result { try TestEnvironment.venvPython("secure", requirements: "Tests/SeqThinkServerTests/python/requirements-secure.txt") }
    static let peerScript = TestEnvironment.repoRoot.appendingPathComponent("Tests/SeqThinkServerTests/python/secure_peer.py").path
    static let jwksScript = TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/jwks_server.py").path

    let directory: URL
    let serverKey: String
    let serverRecipient: String
    let clientKeys: [String]
    let clientRecipients: [String]
    let recipientsFile: String
    let jwks: JWKSProcess
    let token: String
    let noScopeToken: String

    var environment: [String: String] {
        ["AGE_IDENT_PATH": serverKey, "AGE_RECIPS_PATH": recipientsFile,
         "KACHING_JWKS_URL": "http://127.0.0.1:\(jwks.port)/jwks.json", "REQUIRED_SCOPE": "mcp:call",
         "JWT_ISSUER": "kaching", "JWT_AUDIENCE": "seqthink", "LOG_LEVEL": "debug"]
    }
    var auth: (name: String, value: String) { ("Authorization", "Bearer \(token)") }

    static func make() async throws -> SecureWorld {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-secure")
        do {
            func key(_ name: String) async throws -> (String, String) {
                let path = directory.appendingPathComponent(name).path
                let made = try await ProcessRunner.run(try TestEnvironment.tool("age-keygen", package: "age"), ["-o", path])
                #expect(made.status == 0, "\(made.stderrText)")
                chmod(path, 0o600)
                let recipient = try await ProcessRunner.run(try TestEnvironment.tool("age-keygen", package: "age"), ["-y", path])
                return (path, recipient.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let server = try await key("server.key")
            let first = try await key("client1.key"), second = try await key("client2.key")
            let recipientsFile = directory.appendingPathComponent("recipients.txt").path
            try "# the two clients\n\(first.1)\n\n\(second.1)\n".write(toFile: recipientsFile, atomically: true, encoding: .utf8)

            let python = try python.get()
            let minted = try await ProcessRunner.run(python, [peerScript, "mint", directory.path])
            guard minted.status == 0, let tokens = try JSONSerialization.jsonObject(with: minted.stdout) as? [String: String],
                  let token = tokens["token"], let noScope = tokens["noscope"] else {
                throw TestEnvironment.Missing(description: "secure_peer.py mint failed: \(minted.stderrText)")
            }
            let jwks = try await JWKSProcess.start(python: python, script: jwksScript, directory: directory.path)
            return SecureWorld(directory: directory, server: server, clients: [first, second], recipientsFile: recipientsFile,
                               jwks: jwks, token: token, noScopeToken: noScope)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(directory: URL, server: (String, String), clients: [(String, String)], recipientsFile: String,
                 jwks: JWKSProcess, token: String, noScopeToken: String) {
        self.directory = directory
        serverKey = server.0
        serverRecipient = server.1
        clientKeys = clients.map(\.0)
        clientRecipients = clients.map(\.1)
        self.recipientsFile = recipientsFile
        self.jwks = jwks
        self.token = token
        self.noScopeToken = noScopeToken
    }

    func remove() {
        jwks.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a fresh world, removed afterwards whatever happens.
    static func with<T: Sendable>(_ body: (SecureWorld) async throws -> T) async throws -> T {
        let world = try await make()
        defer { world.remove() }
        return try await body(world)
    }

    // MARK: peers

    /// `age -r RECIPIENT [-a]` of `plaintext` (first made an LZ4 frame by `lz4` when asked).
    func seal(_ plaintext: [UInt8], to recipient: String? = nil, armor: Bool = false, lz4: Bool = false) async throws -> [UInt8] {
        let input = lz4 ? try await Self.lz4(["-c", "-q"], plaintext) : plaintext
        var arguments = ["-r", recipient ?? serverRecipient]
        if armor { arguments.append("-a") }
        return try await Self.run(TestEnvironment.tool("age"), arguments, input)
    }

    func seal(_ json: String, armor: Bool = false, lz4: Bool = false) async throws -> [UInt8] {
        try await seal(Array(json.utf8), armor: armor, lz4: lz4)
    }

    /// `age -d -i KEY` (then `lz4 -d` when the response said `Seqthink-Encoding: lz4`).
    func open(_ ciphertext: [UInt8], client: Int = 0, lz4: Bool = false) async throws -> String {
        let plain = try await Self.run(TestEnvironment.tool("age"), ["-d", "-i", clientKeys[client]], ciphertext)
        return String(decoding: lz4 ? try await Self.lz4(["-d", "-c", "-q"], plain) : plain, as: UTF8.self)
    }

    /// Whether `age -d -i KEY` fails on `ciphertext`.
    func cannotOpen(_ ciphertext: [UInt8], key: String) async throws -> Bool {
        try await ProcessRunner.run(TestEnvironment.tool("age"), ["-d", "-i", key], stdin: Data(ciphertext)).status != 0
    }

    /// pyrage (Rust age) as the other independent implementation.
    func pyrageSeal(_ json: String, armor: Bool) async throws -> [UInt8] {
        try await Self.run(Self.python.get(), [Self.peerScript, "seal", serverRecipient] + (armor ? ["--armor"] : []), Array(json.utf8))
    }

    func pyrageOpen(_ ciphertext: [UInt8], client: Int = 0) async throws -> String {
        String(decoding: try await Self.run(Self.python.get(), [Self.peerScript, "open", clientKeys[client]], ciphertext), as: UTF8.self)
    }

    static func lz4(_ arguments: [String], _ input: [UInt8]) async throws -> [UInt8] {
        try await run(TestEnvironment.tool("lz4"), arguments, input)
    }

    static func run(_ tool: String, _ arguments: [String], _ input: [UInt8]) async throws -> [UInt8] {
        let result = try await ProcessRunner.run(tool, arguments, stdin: Data(input))
        guard result.status == 0 else {
            throw PeerFailed(description: "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderrText)")
        }
        return [UInt8](result.stdout)
    }

    struct PeerFailed: Error, CustomStringConvertible { let description: String }
}

/// `jwks_server.py` in the background; the port is read on a thread of its own.
final class JWKSProcess: @unchecked Sendable {
    let process: Process
    let port: Int

    static func start(python: String, script: String, directory: String) async throws -> JWKSProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--dir", directory]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line: String = await withCheckedContinuation { continuation in
            Thread {
                var bytes = Data()
                while !bytes.contains(0x0A) {
                    let byte = out.fileHandleForReading.readData(ofLength: 1)
                    if byte.isEmpty { break }
                    bytes += byte
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestEnvironment.Missing(description: "jwks_server.py did not report a port")
        }
        return JWKSProcess(process: process, port: port)
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Every log line the service writes, debug level included (thoughts are logged at debug), for
/// "nothing secret in the logs" assertions.
final class SecureLogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    var logger: Logger { Logger(level: .debug, format: .json, sink: { [self] line in lines.withLock { $0.append(line) } }) }
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

extension LiveServer {
    /// Polls /ready (the JWKS is fetched in the background) for up to ten seconds.
    func waitUntilReady() async throws {
        for _ in 0..<100 {
            if try await get("/ready").status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the service never became ready: \(try await get("/ready").text)")
    }

    /// POSTs `body` as `application/age` with the given extra headers.
    func postAge(_ path: String, _ body: [UInt8], headers: [(name: String, value: String)] = []) async throws -> HTTPClientResponse {
        try await client.execute(HTTPClientRequest(
            method: "POST", url: base + path, headers: [("Content-Type", "application/age")] + headers, body: body),
            timeout: .seconds(30))
    }

    /// The value of one sample line of /metrics (`name{labels}`), 0 when absent.
    func metric(_ sample: String) async throws -> Double {
        let text = try await get("/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1)) ?? .nan
        }
        return 0
    }
}

/// The `data:` payloads of an SSE body, event by event (`event` name, joined data lines).
func sseEvents(_ text: String) -> [(event: String?, data: String)] {
    text.components(separatedBy: "\n\n").compactMap { block in
        var name: String?
        var data: [String] = []
        for line in block.split(separator: "\n") {
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
        }
        return data.isEmpty ? nil : (name, data.joined(separator: "\n"))
    }
}
