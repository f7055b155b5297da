import JSON
import Foundation
import Glibc
import HTTP
import SeqThinkServer
import Synchronization
import TestSupport

/// Peers of the live AuthGate tests: the Python JWKS server of Tests/JWTTests (plain or TLS),
/// a test CA made with `openssl`, keys and tokens made by the `seqthink` binary, a log sink,
/// and a reader for the counters of /metrics. Every blocking step (reading a child's first
/// line, waiting for it to exit) runs on a thread of its own, never on the cooperative pool.
enum AuthPeers {
    static let python = Result { try TestEnvironment.venvPython("jwt", requirements: "Tests/JWTTests/requirements.txt") }
    static let jwksScript = TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/jwks_server.py").path
    static let mintScript = TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/mint_tokens.py").path

    /// Runs a blocking body on a fresh thread and resumes with its result.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 512 << 10
            thread.start()
        }
    }

    /// A loopback port nothing listens on right now (bound, read, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw PeerError("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Writes `jwks` (a JWK Set as JSON text) where the JWKS server serves `/jwks.json`.
    static func publish(_ jwks: String, in directory: URL) throws {
        try jwks.write(to: directory.appendingPathComponent("jwks.json"), atomically: true, encoding: .utf8)
    }

    /// One JWK Set holding the keys of every set given (each `{"keys":[…]}` JSON text).
    static func merge(_ sets: [String]) throws -> String {
        var keys: [Any] = []
        for set in sets {
            let object = try JSONSerialization.jsonObject(with: Data(set.utf8)) as? [String: Any]
            keys += object?["keys"] as? [Any] ?? []
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: ["keys": keys]), as: UTF8.self)
    }
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `Tests/JWTTests/jwks_server.py` serving a directory until `stop()`; the file is re-read on
/// every request, so a test rotates keys by rewriting `jwks.json`.
final class JWKSServer: Sendable {
    let process: Process
    let port: Int
    let tls: Bool

    func url(host: String = "127.0.0.1") -> String { "\(tls ? "https" : "http")://\(host):\(port)/jwks.json" }

    private init(process: Process, port: Int, tls: Bool) {
        self.process = process
        self.port = port
        self.tls = tls
    }

    /// Starts the server on `port` (0: any free one), over TLS with `certificate` and `key`.
    static func start(directory: URL, port: Int = 0, certificate: String? = nil, key: String? = nil) async throws -> JWKSServer {
        let python = try AuthPeers.python.get()
        var arguments = [AuthPeers.jwksScript, "--dir", directory.path, "--port", "\(port)"]
        if let certificate, let key { arguments += ["--cert", certificate, "--key", key] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        // The first line is the port; reading it blocks, so it happens on a thread of its own.
        let line = try await AuthPeers.onThread { () -> String in
            var line = Data()
            while !line.contains(0x0A) {
                let byte = handle.readData(ofLength: 1)
                if byte.isEmpty { break }
                line += byte
            }
            return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let bound = Int(line) else {
            kill(process.processIdentifier, SIGKILL)
            throw PeerError("jwks_server.py did not report a port (got \(line.debugDescription))")
        }
        return JWKSServer(process: process, port: bound, tls: certificate != nil)
    }

    /// SIGKILL (a child may inherit a mask that blocks SIGTERM), then reaps it off the pool.
    func stop() async {
        kill(process.processIdentifier, SIGKILL)
        let process = self.process
        _ = try? await AuthPeers.onThread { process.waitUntilExit() }
    }
}

/// A CA and a certificate for localhost and 127.0.0.1 signed by it, made with `openssl`.
struct AuthTestPKI {
    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }

    static func make(in directory: URL) async throws -> AuthTestPKI {
        let openssl = try TestEnvironment.tool("openssl")
        func run(_ arguments: [String]) async throws {
            let result = try await ProcessRunner.run(openssl, arguments, currentDirectory: directory, timeout: 60)
            guard result.status == 0 else { throw PeerError("openssl \(arguments.first ?? ""): \(result.stderrText)") }
        }
        try await run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                       "-days", "2", "-subj", "/CN=seqthink authgate test CA"])
        try await run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(
            to: directory.appendingPathComponent("server.ext"), atomically: true, encoding: .utf8)
        try await run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                       "-out", "server.pem", "-days", "2", "-extfile", "server.ext"])
        return AuthTestPKI(directory: directory)
    }
}

/// `seqthink token` / `seqthink jwks` of the built binary: keys, tokens and JWK Sets.
struct SeqThinkTokens {
    let binary: String
    let directory: URL

    init(directory: URL) throws {
        binary = try TestEnvironment.seqthinkBinary()
        self.directory = directory
    }

    private func run(_ arguments: [String]) async throws -> String {
        let result = try await ProcessRunner.run(binary, arguments, timeout: 60)
        guard result.status == 0 else { throw PeerError("seqthink \(arguments.first ?? ""): \(result.stderrText)") }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A fresh 2048-bit key (`seqthink token --new-key`); returns its path.
    func newKey(_ name: String) async throws -> String {
        let path = directory.appendingPathComponent("\(name).pem").path
        _ = try await run(["token", "--new-key", path])
        return path
    }

    /// `seqthink jwks --key … --kid …`.
    func jwks(key: String, kid: String) async throws -> String {
        try await run(["jwks", "--key", key, "--kid", kid])
    }

    /// `seqthink token --key … --kid …` with the optional claims the verb offers.
    func token(key: String, kid: String, sub: String? = nil, scope: String? = nil, iss: String? = nil,
               aud: String? = nil, ttl: Int? = nil) async throws -> String {
        var arguments = ["token", "--key", key, "--kid", kid]
        if let sub { arguments += ["--sub", sub] }
        if let scope { arguments += ["--scope", scope] }
        if let iss { arguments += ["--iss", iss] }
        if let aud { arguments += ["--aud", aud] }
        if let ttl { arguments += ["--ttl", "\(ttl)"] }
        return try await run(arguments)
    }
}

/// Every line the service logs, kept in memory (the `Logger` sink).
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger { logger(level: .info) }

    func logger(level: LogLevel) -> Logger {
        Logger(level: level, format: .json, sink: { [self] line in self.lines.withLock { $0.append(line) } })
    }

    var all: [String] { lines.withLock { $0 } }

    /// The access line of `requestID`; Egress logs it just after responding, so it is awaited.
    func accessLine(requestID: String) async throws -> [String: Any] {
        let needle = "\"requestId\":\"\(requestID)\""
        for _ in 0..<500 {
            if let line = all.first(where: { $0.contains(needle) && $0.contains("\"msg\":\"request\"") }) {
                return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PeerError("no access line for request \(requestID)")
    }
}

/// The samples of /metrics (`name{labels}` → value).
struct MetricsSnapshot {
    let samples: [String: Double]

    init(_ text: String) {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    subscript(_ series: String) -> Double { samples[series] ?? 0 }

    func denials(_ reason: String) -> Double { self["seqthink_policy_denials_total{reason=\"\(reason)\"}"] }
    func jwksRefreshes(_ result: String) -> Double { self["seqthink_jwks_refresh_total{result=\"\(result)\"}"] }

    /// Every `policy_denials_total` series.
    var allDenials: [String: Double] { samples.filter { $0.key.hasPrefix("seqthink_policy_denials_total{") } }
}

extension LiveServer {
    /// Runs `body` against a fresh server whose log lines go to `capture`; stops it afterwards.
    static func with<T: Sendable>(_ environment: [String: String], capture: LogCapture,
                                  _ body: (LiveServer) async throws -> T) async throws -> T {
        try await with(environment, logger: capture.logger, body)
    }

    func metrics() async throws -> MetricsSnapshot { MetricsSnapshot(try await get("/metrics").text) }

    /// Polls /ready until it answers `status` (bounded: a failure, not a hang, when it never does).
    func waitForReady(_ status: Int = 200, attempts: Int = 600) async throws {
        for _ in 0..<attempts {
            if try await get("/ready").status == status { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw PeerError("/ready never answered \(status)")
    }

    static let toolCall = """
        {"tool":"sequentialthinking","payload":{"thought":"checked","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}
        """

    /// POST /mcp/tool with `Authorization: Bearer token` (no header when nil) and a request id.
    func callTool(token: String?, requestID: String, authorization: String? = nil) async throws -> HTTPClientResponse {
        var headers: [(name: String, value: String)] = [("X-Request-Id", requestID)]
        if let value = authorization ?? token.map({ "Bearer \($0)" }) { headers.append(("Authorization", value)) }
        return try await post("/mcp/tool", json: Self.toolCall, headers: headers)
    }
}
