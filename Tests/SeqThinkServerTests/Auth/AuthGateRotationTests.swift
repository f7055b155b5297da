import Foundation
import HTTP
import Testing
import TestSupport

/// Key rotation and readiness through the live gateway: a new key published and the old one
/// removed is picked up without a restart (by the unknown-kid refetch and by the background
/// refresh), tokens of the removed key are refused afterwards; a JWKS server that is down at
/// startup and comes up later turns /ready from 503 to 200 by itself; production mode without
/// KACHING_JWKS_URL does not start.
@Suite(.serialized)
struct AuthGateRotationTests {
    struct Keys {
        let tokens: SeqThinkTokens
        let old: String
        let new: String
        let oldJWKS: String
        let newJWKS: String

        static func make(in directory: URL) async throws -> Keys {
            let tokens = try SeqThinkTokens(directory: directory)
            let old = try await tokens.newKey("old")
            let new = try await tokens.newKey("new")
            return Keys(tokens: tokens, old: old, new: new,
                        oldJWKS: try await tokens.jwks(key: old, kid: "key-1"),
                        newJWKS: try await tokens.jwks(key: new, kid: "key-2"))
        }

        func oldToken() async throws -> String { try await tokens.token(key: old, kid: "key-1", sub: "carol", scope: "mcp:call") }
        func newToken() async throws -> String { try await tokens.token(key: new, kid: "key-2", sub: "carol", scope: "mcp:call") }
    }

    static func environment(_ jwks: JWKSServer, _ extra: [String: String]) -> [String: String] {
        ["KACHING_JWKS_URL": jwks.url(), "REQUIRED_SCOPE": "mcp:call", "ACCESS_LOG": "true"].merging(extra) { _, new in new }
    }

    /// Runs `body` with a JWKS server on `directory`, stopping the server whatever happens.
    static func withJWKS<T: Sendable>(_ directory: URL, port: Int = 0, _ body: (JWKSServer) async throws -> T) async throws -> T {
        let jwks = try await JWKSServer.start(directory: directory, port: port)
        do {
            let result = try await body(jwks)
            await jwks.stop()
            return result
        } catch {
            await jwks.stop()
            throw error
        }
    }

    /// The unknown-kid refetch: a token of the new key makes the gateway refetch at once
    /// (JWKS_MIN_REFRESH_S=0); from then on the removed key's tokens are refused, even one
    /// that was accepted (and, with the cache on, remembered) a moment before.
    @Test(arguments: ["10000", "0"])
    func rotationByUnknownKidRefetchWithoutRestart(cacheEntries: String) async throws {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-rotation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try await Keys.make(in: directory)
        try AuthPeers.publish(keys.oldJWKS, in: directory)
        let oldToken = try await keys.oldToken()
        let newToken = try await keys.newToken()
        let capture = LogCapture()
        try await Self.withJWKS(directory) { jwks in
            let environment = Self.environment(jwks, ["JWKS_MIN_REFRESH_S": "0", "JWKS_TTL_S": "3600",
                                                      "JWT_CACHE_ENTRIES": cacheEntries])
            try await LiveServer.with(environment, capture: capture) { server in
                try await server.waitForReady()
                var index = 0
                func check(_ name: String, _ token: String, _ reason: String?) async throws {
                    index += 1
                    try await AuthGateExpectations.check(AuthCase(name: name, token: token, reason: reason),
                                                         on: server, capture: capture, subject: "carol", index: index)
                }
                try await check("old key before rotation", oldToken, nil)
                try await check("old key again (from the verified-token cache when it is on)", oldToken, nil)
                let before = try await server.metrics().jwksRefreshes("success")

                try AuthPeers.publish(keys.newJWKS, in: directory)
                // Nothing refetched yet: the old key still verifies; the new kid is unknown to
                // the gateway until its token makes it refetch.
                try await check("new key, first use (refetch)", newToken, nil)
                #expect(try await server.metrics().jwksRefreshes("success") == before + 1)
                try await check("old key after its removal", oldToken, "unknown_kid")
                try await check("new key again", newToken, nil)
                #expect(try await server.get("/ready").status == 200)
            }
        }
        AuthGateExpectations.expectNoTokenInLog([AuthCase(name: "old", token: oldToken, reason: nil),
                                                 AuthCase(name: "new", token: newToken, reason: nil)], capture)
    }

    /// A flood of tokens naming made-up kids (sent concurrently) costs the auth service at most
    /// one refetch per JWKS_MIN_REFRESH_S; every one of them is refused as unknown_kid.
    @Test func unknownKidFloodRefetchesAtMostOncePerInterval() async throws {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-rotation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try await Keys.make(in: directory)
        try AuthPeers.publish(keys.oldJWKS, in: directory)
        var forged: [String] = []
        for index in 0..<8 {
            forged.append(try await keys.tokens.token(key: keys.new, kid: "made-up-\(index)", sub: "mallory", scope: "mcp:call"))
        }
        let capture = LogCapture()
        try await Self.withJWKS(directory) { jwks in
            let environment = Self.environment(jwks, ["JWKS_MIN_REFRESH_S": "3600", "ACCESS_LOG": "false"])
            try await LiveServer.with(environment, capture: capture) { server in
                try await server.waitForReady()
                let before = try await server.metrics()
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for round in 0..<5 {
                        for (index, token) in forged.enumerated() {
                            group.addTask { try await server.callTool(token: token, requestID: "flood-\(round)-\(index)").status }
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.count == 40)
                #expect(statuses.allSatisfy { $0 == 401 })
                let after = try await server.metrics()
                #expect(after.denials("unknown_kid") - before.denials("unknown_kid") == 40)
                let fetches = after.jwksRefreshes("success") + after.jwksRefreshes("error")
                    - before.jwksRefreshes("success") - before.jwksRefreshes("error")
                #expect(fetches <= 1, "\(fetches) refetches for one interval")
            }
        }
    }

    /// The background refresh (JWKS_TTL_S=1, unknown-kid refetches effectively off): the
    /// rotation is picked up by the timer alone, and the old key's tokens are refused after it.
    @Test func rotationByBackgroundRefreshWithoutRestart() async throws {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-rotation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try await Keys.make(in: directory)
        try AuthPeers.publish(keys.oldJWKS, in: directory)
        let oldToken = try await keys.oldToken()
        let newToken = try await keys.newToken()
        let capture = LogCapture()
        try await Self.withJWKS(directory) { jwks in
            let environment = Self.environment(jwks, ["JWKS_MIN_REFRESH_S": "86400", "JWKS_TTL_S": "1"])
            try await LiveServer.with(environment, capture: capture) { server in
                try await server.waitForReady()
                try await AuthGateExpectations.check(AuthCase(name: "old key before rotation", token: oldToken, reason: nil),
                                                     on: server, capture: capture, subject: "carol", index: 1)
                try AuthPeers.publish(keys.newJWKS, in: directory)
                // Two background refreshes after the publish guarantee one fetched the new set.
                let published = try await server.metrics().jwksRefreshes("success")
                var refreshes = published
                for _ in 0..<300 where refreshes < published + 2 {
                    try await Task.sleep(for: .milliseconds(100))
                    refreshes = try await server.metrics().jwksRefreshes("success")
                }
                #expect(refreshes >= published + 2, "the background refresh did not run")
                try await AuthGateExpectations.check(AuthCase(name: "new key after the refresh", token: newToken, reason: nil),
                                                     on: server, capture: capture, subject: "carol", index: 2)
                try await AuthGateExpectations.check(AuthCase(name: "old key after its removal", token: oldToken, reason: "unknown_kid"),
                                                     on: server, capture: capture, subject: "carol", index: 3)
                #expect(try await server.metrics().jwksRefreshes("error") == 0)
            }
        }
    }

    /// Nothing listens at KACHING_JWKS_URL when the service starts: it starts anyway, /ready
    /// says 503 naming the JWKS, authenticated routes answer 503 with Retry-After (no_keys);
    /// once the JWKS server is up the retry loop loads the keys and /ready turns 200 by itself.
    @Test func jwksDownAtStartupThenUpTurnsReady() async throws {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-rotation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try await Keys.make(in: directory)
        try AuthPeers.publish(keys.oldJWKS, in: directory)
        let token = try await keys.oldToken()
        let port = try AuthPeers.freePort()
        let capture = LogCapture()
        let environment = ["KACHING_JWKS_URL": "http://127.0.0.1:\(port)/jwks.json", "REQUIRED_SCOPE": "mcp:call",
                           "JWKS_MIN_REFRESH_S": "1", "JWKS_TTL_S": "60", "ACCESS_LOG": "true"]
        try await LiveServer.with(environment, capture: capture) { server in
            // Wait for the first failed fetch so that the state is "tried and failed".
            var metrics = try await server.metrics()
            for _ in 0..<100 where metrics.jwksRefreshes("error") < 1 {
                try await Task.sleep(for: .milliseconds(50))
                metrics = try await server.metrics()
            }
            #expect(metrics.jwksRefreshes("error") >= 1)
            #expect(metrics.jwksRefreshes("success") == 0)
            try await server.waitForReady(503, attempts: 50)
            let ready = try await server.get("/ready")
            #expect(ready.status == 503)
            #expect(ready.text.contains("jwks: "), "\(ready.text)")
            #expect(ready.header("Retry-After") != nil)
            try await AuthGateExpectations.check(AuthCase(name: "no JWKS yet", token: token, reason: "no_keys"),
                                                 on: server, capture: capture, subject: "carol", index: 1)
            #expect(capture.all.contains { $0.contains("JWKS not loaded") }, "the failure is logged")
            #expect(capture.all.contains { $0.contains("JWKS fetch failed") && $0.contains("\"level\":\"warning\"") })

            try await Self.withJWKS(directory, port: port) { _ in
                try await server.waitForReady(200)
                try await AuthGateExpectations.check(AuthCase(name: "JWKS loaded", token: token, reason: nil),
                                                     on: server, capture: capture, subject: "carol", index: 2)
                let after = try await server.metrics()
                #expect(after.jwksRefreshes("success") >= 1)
                #expect(after.jwksRefreshes("error") >= 1)
            }
            #expect(capture.all.contains { $0.contains("JWKS loaded") })
            #expect(capture.all.contains { $0.contains("\"msg\":\"JWKS fetched\",\"keys\":1,\"skipped\":0") })
        }
    }

    /// `SEQTHINK_MODE=production` without KACHING_JWKS_URL: the binary exits 1 before binding,
    /// naming the missing setting.
    @Test func productionModeWithoutJWKSRefusesToStart() async throws {
        let binary = try TestEnvironment.seqthinkBinary()
        let directory = try TestEnvironment.temporaryDirectory("seqthink-production")
        defer { try? FileManager.default.removeItem(at: directory) }
        let identity = directory.appendingPathComponent("identity.txt").path
        let recipients = directory.appendingPathComponent("recipients.txt").path
        for path in [identity, recipients] { try "".write(toFile: path, atomically: true, encoding: .utf8) }
        for extra in [[:], ["AGE_IDENT_PATH": identity, "AGE_RECIPS_PATH": recipients]] {
            let environment = ["SEQTHINK_MODE": "production", "KACHING_JWKS_URL": "", "BIND": "127.0.0.1", "PORT": "0"]
                .merging(extra) { _, new in new }
            let result = try await ProcessRunner.run(binary, ["serve"], environment: environment, timeout: 60)
            #expect(result.status == 1, "\(extra.keys.sorted()): exit \(result.status)")
            #expect(result.stderrText.contains("SEQTHINK_MODE=production needs KACHING_JWKS_URL"), "\(result.stderrText)")
            #expect(!result.stderrText.contains("listening"), "it must not serve")
        }
    }
}
