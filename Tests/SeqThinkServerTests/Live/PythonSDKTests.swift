import Foundation
import Testing
import TestSupport

/// The official MCP Python SDK as the client: 1.x over Streamable HTTP and the legacy SSE
/// transport, 2.x through `Client` in its default mode (which probes `server/discover` first).
/// Each script asserts every field of every result and exits non-zero on the first mismatch.
@Suite(.serialized) struct PythonSDKTests {
    static let scripts = "Tests/SeqThinkServerTests/python"

    static func run(venv: String, requirements: String, _ arguments: [String]) async throws {
        let python = try TestEnvironment.venvPython(venv, requirements: "\(scripts)/\(requirements)")
        try await LiveServer.with { server in
            let directory = TestEnvironment.repoRoot.appendingPathComponent(scripts)
            let result = try await ProcessRunner.run(python, arguments.map { $0 == "BASE" ? server.base : $0 },
                                               currentDirectory: directory, timeout: 120)
            #expect(result.status == 0, "\(arguments): \(result.stdoutText) \(result.stderrText)")
        }
    }

    @Test func sdk1StreamableHTTP() async throws {
        try await Self.run(venv: "mcp1", requirements: "requirements-mcp1.txt", ["client_v1.py", "streamable", "BASE"])
    }

    @Test func sdk1LegacySSE() async throws {
        try await Self.run(venv: "mcp1", requirements: "requirements-mcp1.txt", ["client_v1.py", "sse", "BASE"])
    }

    @Test func sdk2ClientDefaultModeProbesDiscover() async throws {
        try await Self.run(venv: "mcp2", requirements: "requirements-mcp2.txt", ["client_v2.py", "BASE"])
    }
}
