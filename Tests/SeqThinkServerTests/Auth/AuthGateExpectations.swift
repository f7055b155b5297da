import Foundation
import HTTP
import Testing

/// What the gateway must answer for one token, and the checks that go with it: status, the
/// RFC 6750 challenge, the error body, exactly one `policy_denials_total{reason}` increment
/// (none for an accepted token or one the HTTP layer refuses), and the access line.
struct AuthCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The bearer token (nil: no Authorization header, unless `authorization` is given).
    let token: String?
    /// A whole Authorization header value instead of `Bearer <token>`.
    var authorization: String? = nil
    /// nil: accepted (200); otherwise the JWTError reason the gateway must report.
    let reason: String?
    var testDescription: String { name }

    /// The HTTP layer caps a request head at 16 KiB (431) before AuthGate ever sees it.
    var exceedsHeadLimit: Bool { (token?.utf8.count ?? 0) > 16 << 10 }
}

enum AuthGateExpectations {
    static let requiredScope = "mcp:call"

    /// The `error_description` AuthGate sends for each reason: a fixed phrase naming the class
    /// of failure (the JWT library's messages, which never quote the token or a key).
    static let descriptions: [String: Set<String>] = [
        "missing_token": ["no bearer token"],
        "unsupported_algorithm": ["only RS256 is accepted"],
        "unknown_kid": ["no key matches the token's kid"],
        "bad_signature": ["signature does not verify"],
        "missing_claim": ["exp is required"],
        "expired": ["token has expired"],
        "not_yet_valid": ["token is not valid yet (nbf)", "token was issued in the future (iat)"],
        "wrong_issuer": ["issuer is not accepted"],
        "wrong_audience": ["audience is not accepted"],
        "malformed": ["token larger than 8192 bytes", "token does not have exactly three segments",
                      "segment is not strict base64url", "empty header segment",
                      "header is not a JSON object without duplicate members", "header has no alg",
                      "kid is not a string", "critical header parameters are not supported",
                      "claims are not a JSON object without duplicate members", "exp is not a number",
                      "nbf is not a number", "iat is not a number", "sub is not a string"],
    ]

    /// The value of `name="…"` in a challenge (nil when absent).
    static func parameter(_ name: String, in challenge: String) -> String? {
        guard let start = challenge.range(of: "\(name)=\"") else { return nil }
        let rest = challenge[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// Sends `test` to /mcp/tool and checks every observable effect. `subject` is the `sub`
    /// of accepted tokens. Returns the response for further checks.
    @discardableResult
    static func check(_ test: AuthCase, on server: LiveServer, capture: LogCapture, subject: String,
                      index: Int) async throws -> HTTPClientResponse {
        let requestID = "auth-case-\(index)"
        let before = try await server.metrics()
        let response = try await server.callTool(token: test.token, requestID: requestID, authorization: test.authorization)
        let after = try await server.metrics()
        let name = test.name
        let challenge = response.header("WWW-Authenticate")

        // Denials: exactly one, for this reason; nothing for an accepted or head-refused token.
        var expectedDenials = before.allDenials
        if let reason = test.reason, !test.exceedsHeadLimit {
            let series = "seqthink_policy_denials_total{reason=\"\(reason)\"}"
            #expect(expectedDenials[series] != nil, "\(name): \(reason) is not a pre-registered denial reason")
            expectedDenials[series, default: 0] += 1
        }
        #expect(after.allDenials == expectedDenials, "\(name): denials \(before.allDenials) -> \(after.allDenials)")

        if test.exceedsHeadLimit {
            #expect(response.status == 431, "\(name): \(response.status) \(response.text)")
            return response
        }
        let access = try await capture.accessLine(requestID: requestID)
        #expect(access["status"] as? Int == response.status, "\(name)")
        #expect(access["route"] as? String == "/mcp/tool", "\(name)")

        switch test.reason {
        case nil:
            #expect(response.status == 200, "\(name): \(response.status) \(response.text)")
            #expect(response.text.contains("\"structuredContent\""), "\(name): \(response.text)")
            #expect(challenge == nil, "\(name)")
            #expect(access["sub"] as? String == subject, "\(name): \(access)")
            let scopes = (access["scopes"] as? String ?? "").split(separator: " ").map(String.init)
            #expect(scopes.contains(requiredScope), "\(name): \(access)")
            #expect(access["error"] as? String == "-", "\(name)")
        case "insufficient_scope":
            #expect(response.status == 403, "\(name): \(response.status) \(response.text)")
            #expect(challenge == #"Bearer realm="seqthink", error="insufficient_scope", error_description="the token lacks the required scope", scope="mcp:call""#,
                    "\(name): \(challenge ?? "no challenge")")
            #expect(response.text.contains(#""code":"insufficient_scope""#), "\(name): \(response.text)")
            #expect(access["error"] as? String == "insufficient_scope", "\(name)")
            #expect(access["sub"] as? String == "-", "\(name): a refused caller is not named")
        case "no_keys":
            #expect(response.status == 503, "\(name): \(response.status) \(response.text)")
            #expect(response.header("Retry-After") != nil, "\(name)")
            #expect(response.text.contains(#""code":"auth_unavailable""#), "\(name): \(response.text)")
            #expect(access["error"] as? String == "no_keys", "\(name)")
        case let reason?:
            #expect(response.status == 401, "\(name): \(response.status) \(response.text)")
            #expect(response.text.contains(#""code":"invalid_token""#), "\(name): \(response.text)")
            let value = challenge ?? ""
            #expect(value.hasPrefix(#"Bearer realm="seqthink", error="invalid_token", error_description=""#),
                    "\(name): \(value)")
            #expect(parameter("scope", in: value) == nil, "\(name): scope belongs to 403 only")
            let description = parameter("error_description", in: value) ?? ""
            #expect(descriptions[reason]?.contains(description) == true, "\(name): \(reason) described as \(description.debugDescription)")
            #expect(access["error"] as? String == reason, "\(name): \(access)")
            #expect(access["sub"] as? String == "-", "\(name): a refused caller is not named")
        }
        return response
    }

    /// No log line holds any token of `cases`, whole or its signature, nor its payload segment.
    static func expectNoTokenInLog(_ cases: [AuthCase], _ capture: LogCapture) {
        let lines = capture.all
        #expect(!lines.isEmpty)
        for test in cases {
            guard let token = test.token ?? test.authorization, token.count >= 16 else { continue }
            var needles = [token]
            for segment in token.split(separator: ".") where segment.count >= 16 { needles.append(String(segment)) }
            for needle in needles {
                #expect(!lines.contains { $0.contains(needle) }, "\(test.name): the token (or a segment of it) reached the log")
            }
        }
    }
}
