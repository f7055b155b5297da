import Foundation
import Glibc
import TestSupport

/// A child process that runs until `stop()` (the Python JWKS server). The port it prints on
/// its first line is read with a bounded wait.
final class BackgroundServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(python: String, script: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(0x0A), Date() < deadline {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { break }
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw PeerFailure(description: "jwks_server.py did not report a port")
        }
        self.port = port
    }

    /// SIGKILL, not SIGTERM: children of the test process inherit a signal mask in which
    /// SIGTERM may be blocked, and a server that outlives its test is worse than an abrupt end.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A test PKI made with the `openssl` CLI: a CA, a server certificate for localhost and
/// 127.0.0.1 signed by it, one for another host name, and an unrelated CA.
struct TestPKI {
    let directory: URL
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var otherCAFile: String { directory.appendingPathComponent("other-ca.pem").path }
    func cert(_ name: String) -> String { directory.appendingPathComponent("\(name).pem").path }
    func key(_ name: String) -> String { directory.appendingPathComponent("\(name).key").path }

    static func make() throws -> TestPKI {
        let openssl = try TestEnvironment.tool("openssl")
        let directory = try TestEnvironment.temporaryDirectory("seqthink-pki")
        func run(_ arguments: [String]) throws {
            let result = try ProcessRunner.run(openssl, arguments, currentDirectory: directory, timeout: 60)
            guard result.status == 0 else { throw PeerFailure(description: "openssl \(arguments.first ?? ""): \(result.stderrText)") }
        }
        for ca in ["ca", "other-ca"] {
            try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(ca).key", "-out", "\(ca).pem",
                     "-days", "2", "-subj", "/CN=seqthink test \(ca)"])
        }
        for (name, san) in [("server", "DNS:localhost,IP:127.0.0.1"), ("wrong-host", "DNS:wrong.example")] {
            try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
            try "subjectAltName=\(san)\n".write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
        }
        return TestPKI(directory: directory)
    }
}
