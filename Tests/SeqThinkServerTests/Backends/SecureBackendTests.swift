import Foundation
import HTTP
import SeqThinkServer
import Testing
import TestSupport

/// The secure path with an external backend: JWT auth in front (keys and tokens made with
/// `seqthink token` / `seqthink jwks`, the JWKS served on loopback), the FastMCP backend
/// behind. Unauthenticated calls never reach the backend; each principal's stateless calls go
/// to a backend session of its own.
@Suite(.serialized) struct SecureBackendTests {
    static func run(_ arguments: [String]) async throws -> String {
        let result = try await ProcessRunner.run(try TestEnvironment.seqthinkBinary(), arguments)
        guard result.status == 0 else { throw TestEnvironment.Missing(description: "seqthink \(arguments[0]) failed: \(result.stderrText)") }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func authenticatedCallsReachTheBackendOneSessionPerPrincipal() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        _ = try await Self.run(["token", "--new-key", key])
        let jwks = try await Self.run(["jwks", "--key", key, "--kid", "k1"])
        try Data(jwks.utf8).write(to: directory.appendingPathComponent("jwks.json"))
        let alice = try await Self.run(["token", "--key", key, "--kid", "k1", "--sub", "alice"])
        let bob = try await Self.run(["token", "--key", key, "--kid", "k1", "--sub", "bob"])
        try FileManager.default.removeItem(atPath: key)

        let python3 = try TestEnvironment.tool("python3")
        let jwksServer = TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/jwks_server.py").path
        try await RunningFixture.with(jwksServer, ["--dir", directory.path], python: python3) { keys in
            try await RunningFixture.with { backend in
                let environment = ["MCP_LOCAL": backend.url, "KACHING_JWKS_URL": "http://127.0.0.1:\(keys.port)/jwks.json"]
                try await LiveServer.with(environment) { server in
                    try await server.waitForReady(200)
                    let gateway = MCPTestClient(url: server.base + "/mcp")
                    let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
                    func count(_ token: String?) async throws -> (Int, Int?) {
                        var headers = [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/call"), ("Mcp-Name", "count")]
                        if let token { headers.append(("Authorization", "Bearer \(token)")) }
                        let answer = try await gateway.post(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"count","arguments":{},\#(meta)}}"#,
                                                            headers: headers.map { (name: $0.0, value: $0.1) })
                        let value = ((answer.message["result"] as? [String: Any])?["structuredContent"] as? [String: Any])?["result"] as? Int
                        return (answer.status, value)
                    }
                    #expect(try await count(nil).0 == 401)
                    #expect(try await count("not.a.token").0 == 401)
                    #expect(try await count(alice) == (200, 1))
                    #expect(try await count(alice) == (200, 2))
                    #expect(try await count(bob) == (200, 1))
                    let simple = try await server.post("/mcp/tool", json: #"{"tool":"echo","payload":{"text":"signed"}}"#,
                                                       headers: [("Authorization", "Bearer \(alice)")])
                    #expect(simple.status == 200)
                    #expect(simple.text.contains("signed"))
                }
            }
        }
    }

    /// The whole secure path (JWT, age-sealed request, sealed answer) with the FastMCP backend:
    /// the backend's answer comes back sealed to the client's recipients, never in the clear.
    @Test func ageSealedCallsReachTheBackendAndComeBackSealed() async throws {
        try await SecureWorld.with { world in
            try await RunningFixture.with { backend in
                var environment = world.environment
                environment["MCP_LOCAL"] = backend.url
                try await LiveServer.with(environment, logger: .silent) { server in
                    try await server.waitUntilReady()
                    let sealed = try await world.seal(#"{"tool":"echo","payload":{"text":"sealed-marker"}}"#)
                    let response = try await server.postAge("/mcp/tool", sealed, headers: [world.auth])
                    #expect(response.status == 200, "\(response.text)")
                    #expect(response.header("Content-Type") == "application/age")
                    #expect(!response.text.contains("sealed-marker"))
                    let plain = try await world.open(response.body)
                    #expect(plain.contains(#""text":"sealed-marker""#), "\(plain)")
                    let anonymous = try await server.postAge("/mcp/tool", sealed)
                    #expect(anonymous.status == 401)
                }
            }
        }
    }
}
