import JSON
import Foundation
import Testing
import TestSupport
@testable import MCP

/// The official MCP Python SDK (1.x and 2.x) against the protocol core, through a test-only
/// loopback HTTP server. The lead's SeqThinkServerTests run the same scripts against the real
/// server; these catch protocol regressions in this target alone.
@Suite(.serialized) struct PythonSDKLiveTests {
    static let scripts = "Tests/SeqThinkServerTests/python"

    @Test(arguments: [
        ("mcp1", "requirements-mcp1.txt", ["client_v1.py", "streamable"]),
        ("mcp1", "requirements-mcp1.txt", ["client_v1.py", "sse"]),
        ("mcp2", "requirements-mcp2.txt", ["client_v2.py"]),
        ("mcp2", "requirements-mcp2.txt", ["client_v2.py", "--mode", "legacy"]),
    ])
    func officialClientCompletesTheThoughtSequence(_ venv: String, _ requirements: String, _ arguments: [String]) async throws {
        let python = try TestEnvironment.venvPython(venv, requirements: "\(Self.scripts)/\(requirements)")
        var configuration = MCPConfiguration()
        configuration.serverVersion = "0.0.0-test"
        let server = MCPServer(configuration: configuration, backend: EmbeddedBackend(configuration: configuration))
        let http = try LoopbackHTTPServer(server: server)
        defer { http.stop() }
        let script = TestEnvironment.repoRoot.appendingPathComponent("\(Self.scripts)/\(arguments[0])").path
        var args = [script]
        if arguments.count > 1, arguments[1] != "--mode" { args.append(arguments[1]); args.append("http://127.0.0.1:\(http.port)") }
        else { args.append("http://127.0.0.1:\(http.port)"); args += arguments.dropFirst() }
        let result = try await runOffThePool(python, args)
        #expect(result.status == 0, "\(arguments): \(result.stdoutText)\n\(result.stderrText)")
    }

    /// ProcessRunner blocks; run it on its own thread so the cooperative pool stays free to serve.
    func runOffThePool(_ exe: String, _ args: [String]) async throws -> ProcessRunner.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try ProcessRunner.run(exe, args, timeout: 120)) }
                catch { continuation.resume(throwing: error) }
            }.start()
        }
    }
}
