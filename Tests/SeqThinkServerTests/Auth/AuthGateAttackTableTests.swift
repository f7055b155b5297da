import JSON
import Foundation
import HTTP
import Testing
import TestSupport

/// The issue's attack table through the whole gateway: a live service whose KACHING_JWKS_URL
/// points at a JWKS server on loopback, tokens minted by PyJWT + cryptography (an independent
/// implementation) and by `seqthink token`. Every case is checked for status, challenge, error
/// body, its `policy_denials_total{reason}` increment and its access line; afterwards no log
/// line may hold any of the tokens.
@Suite(.serialized)
struct AuthGateAttackTableTests {
    /// The gateway's policy, the one `Tests/JWTTests/mint_tokens.py` mints against.
    static func environment(jwksURL: String) -> [String: String] {
        ["KACHING_JWKS_URL": jwksURL, "JWT_ISSUER": "kaching", "JWT_AUDIENCE": "seqthink",
         "REQUIRED_SCOPE": AuthGateExpectations.requiredScope, "JWKS_MIN_REFRESH_S": "0", "ACCESS_LOG": "true"]
    }

    /// mint_tokens.py's output: the JWK Set to publish and the cases with their reasons.
    static func pyJWTTable() async throws -> (jwks: String, cases: [AuthCase]) {
        let python = try AuthPeers.python.get()
        let result = try await ProcessRunner.run(python, [AuthPeers.mintScript], timeout: 120)
        guard result.status == 0 else { throw PeerError("mint_tokens.py failed: \(result.stderrText)") }
        let output = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any] ?? [:]
        let jwks = String(decoding: try JSONSerialization.data(withJSONObject: output["jwks"] ?? [:]), as: UTF8.self)
        let cases = (output["cases"] as? [[String: Any]] ?? []).map {
            AuthCase(name: $0["name"] as? String ?? "?", token: $0["token"] as? String, reason: $0["expected"] as? String)
        }
        return (jwks, cases)
    }

    @Test func pyJWTAttackTableOverPlainHTTP() async throws {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-authgate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try await Self.pyJWTTable()
        #expect(table.cases.count >= 30)
        #expect(table.cases.contains { $0.exceedsHeadLimit }, "the 100 KiB token is in the table")
        let extra = [
            AuthCase(name: "no Authorization header", token: nil, reason: "missing_token"),
            AuthCase(name: "Basic credentials", token: nil, authorization: "Basic YWxpY2U6c2VjcmV0", reason: "missing_token"),
            AuthCase(name: "Bearer with nothing after it", token: nil, authorization: "Bearer ", reason: "missing_token"),
        ]
        let cases = table.cases + extra
        try AuthPeers.publish(table.jwks, in: directory)
        let jwks = try await JWKSServer.start(directory: directory)
        let capture = LogCapture()
        do {
            try await LiveServer.with(Self.environment(jwksURL: jwks.url()), capture: capture) { server in
                try await server.waitForReady()
                for (index, test) in cases.enumerated() {
                    try await AuthGateExpectations.check(test, on: server, capture: capture, subject: "alice", index: index)
                }
                // The direct routes need no token.
                #expect(try await server.get("/health").status == 200)
                #expect(try await server.get("/metrics").status == 200)
            }
        } catch {
            await jwks.stop()
            throw error
        }
        await jwks.stop()
        AuthGateExpectations.expectNoTokenInLog(cases, capture)
        // The accepted caller is named in the access log by subject and scopes.
        #expect(capture.all.contains { $0.contains(#""sub":"alice""#) && $0.contains("mcp:call") })
    }

    @Test func seqthinkTokenTableOverHTTPSWithTestCA() async throws {
        let directory = try TestEnvironment.temporaryDirectory("seqthink-authgate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try await AuthTestPKI.make(in: directory)
        let tokens = try SeqThinkTokens(directory: directory)
        let main = try await tokens.newKey("main")
        let other = try await tokens.newKey("other")
        try AuthPeers.publish(try await tokens.jwks(key: main, kid: "main"), in: directory)

        func mint(kid: String = "main", key: String? = nil, sub: String = "bob", scope: String? = "read mcp:call",
                  iss: String? = "kaching", aud: String? = "seqthink", ttl: Int? = 300) async throws -> String {
            try await tokens.token(key: key ?? main, kid: kid, sub: sub, scope: scope, iss: iss, aud: aud, ttl: ttl)
        }
        let valid = try await mint()
        let parts = valid.split(separator: ".").map(String.init)
        let forged = Data(#"{"sub":"admin","scope":"mcp:call","iss":"kaching","aud":"seqthink","exp":4102444800}"#.utf8)
            .base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        var cases = [
            AuthCase(name: "valid", token: valid, reason: nil),
            AuthCase(name: "only the required scope", token: try await mint(scope: "mcp:call"), reason: nil),
            AuthCase(name: "no scope claim", token: try await mint(scope: nil), reason: "insufficient_scope"),
            AuthCase(name: "other scopes only", token: try await mint(scope: "read write"), reason: "insufficient_scope"),
            AuthCase(name: "a scope that only starts like the required one", token: try await mint(scope: "mcp:caller"),
                     reason: "insufficient_scope"),
            AuthCase(name: "wrong iss", token: try await mint(iss: "https://evil.example"), reason: "wrong_issuer"),
            AuthCase(name: "no iss", token: try await mint(iss: nil), reason: "wrong_issuer"),
            AuthCase(name: "wrong aud", token: try await mint(aud: "someone-else"), reason: "wrong_audience"),
            AuthCase(name: "signed by another key under the real kid", token: try await mint(key: other), reason: "bad_signature"),
            AuthCase(name: "unknown kid", token: try await mint(kid: "other", key: other), reason: "unknown_kid"),
            AuthCase(name: "kid with a path", token: try await mint(kid: "../../etc/passwd"), reason: "unknown_kid"),
            AuthCase(name: "tampered payload", token: parts[0] + "." + forged + "." + parts[2], reason: "bad_signature"),
            AuthCase(name: "padded signature", token: valid + "==", reason: "malformed"),
            AuthCase(name: "four segments", token: valid + "." + parts[2], reason: "malformed"),
            AuthCase(name: "two segments", token: parts[0] + "." + parts[1], reason: "malformed"),
            AuthCase(name: "9 KiB token (over the 8 KiB cap, under the 16 KiB head limit)",
                     token: parts[0] + "." + String(repeating: "A", count: 9 << 10) + "." + parts[2], reason: "malformed"),
            AuthCase(name: "100 KiB token", token: parts[0] + "." + String(repeating: "A", count: 100 << 10) + "." + parts[2],
                     reason: "malformed"),
            AuthCase(name: "lower-case scheme", token: nil, authorization: "bearer " + valid, reason: nil),
        ]

        let jwks = try await JWKSServer.start(directory: directory, certificate: pki.serverCertificate, key: pki.serverKey)
        let capture = LogCapture()
        var environment = Self.environment(jwksURL: jwks.url(host: "localhost"))
        environment["JWKS_CA_FILE"] = pki.caFile
        environment["JWT_LEEWAY_S"] = "0"
        do {
            try await LiveServer.with(environment, capture: capture) { server in
                try await server.waitForReady()
                for (index, test) in cases.enumerated() {
                    try await AuthGateExpectations.check(test, on: server, capture: capture, subject: "bob", index: index)
                }
                // A short-lived token is accepted (and so remembered by the verified-token
                // cache), then refused as expired once its exp has passed (no leeway): a cache
                // entry never outlives the token.
                let shortLived = try await mint(ttl: 3)
                let fresh = AuthCase(name: "short-lived, still valid", token: shortLived, reason: nil)
                let expired = AuthCase(name: "short-lived, expired", token: shortLived, reason: "expired")
                cases += [fresh, expired]
                try await AuthGateExpectations.check(fresh, on: server, capture: capture, subject: "bob", index: cases.count)
                let expiresAt = try #require(Self.claim("exp", of: shortLived))
                while Date().timeIntervalSince1970 < expiresAt + 0.5 { try await Task.sleep(for: .milliseconds(200)) }
                try await AuthGateExpectations.check(expired, on: server, capture: capture, subject: "bob", index: cases.count + 1)

                // Every MCP route is behind the gate, not only /mcp/tool.
                let mcp = try await server.post("/mcp", json: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
                #expect(mcp.status == 401)
                #expect(mcp.header("WWW-Authenticate")?.contains(#"error="invalid_token""#) == true)
                let messages = try await server.post("/mcp/messages?session_id=x", json: "{}")
                #expect(messages.status == 401)
                let metrics = try await server.metrics()
                #expect(metrics.jwksRefreshes("success") >= 1)
                #expect(metrics.jwksRefreshes("error") == 0)
            }
        } catch {
            await jwks.stop()
            throw error
        }
        await jwks.stop()
        AuthGateExpectations.expectNoTokenInLog(cases, capture)
        #expect(capture.all.contains { $0.contains(#""sub":"bob""#) && $0.contains(#""scopes":"read mcp:call""#) })
    }

    /// A numeric claim of a token's payload (test-side decoding; the token is our own).
    static func claim(_ name: String, of token: String) -> Double? {
        let segments = token.split(separator: ".")
        guard segments.count == 3 else { return nil }
        var text = segments[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object[name] as? NSNumber)?.doubleValue
    }
}
