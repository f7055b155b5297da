import JSON
import Crypto
import Foundation
import JWT
import Synchronization
import Testing
import TestSupport
@testable import SeqThinkCLI

/// `seqthink token` and `seqthink jwks`: the minted token verifies with the printed JWKS, in
/// this library and in PyJWT; the new key file is private; bad usage is exit 2.
final class JWTVerbsTests {
    final class Captured: Sendable {
        private let lines = Mutex<(out: [String], err: [String])>(([], []))
        var out: String { lines.withLock { $0.out.joined(separator: "\n") } }
        var err: String { lines.withLock { $0.err.joined(separator: "\n") } }
        var output: JWTVerbs.Output {
            JWTVerbs.Output(out: { line in self.lines.withLock { $0.out.append(line) } },
                            err: { line in self.lines.withLock { $0.err.append(line) } })
        }
    }

    /// Each test gets its own directory and key (made by the verb itself), removed after it.
    let directory: URL
    let keyPath: String

    init() throws {
        directory = try TestEnvironment.temporaryDirectory("seqthink-jwt-verbs")
        keyPath = directory.appendingPathComponent("signing.pem").path
        let captured = Captured()
        guard JWTVerbs.token(["--new-key", keyPath], output: captured.output) == 0 else {
            throw KeyFailure(description: "token --new-key failed: \(captured.err)")
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    struct KeyFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ verb: ([String], JWTVerbs.Output) -> Int32, _ args: [String]) -> (Int32, Captured) {
        let captured = Captured()
        return (verb(args, captured.output), captured)
    }

    func mint(_ args: [String]) -> (token: String, jwks: String) {
        let (tokenStatus, token) = Self.run({ JWTVerbs.token($0, output: $1) }, ["--key", keyPath, "--kid", "dev-1"] + args)
        let (jwksStatus, jwks) = Self.run({ JWTVerbs.jwks($0, output: $1) }, ["--key", keyPath, "--kid", "dev-1"])
        precondition(tokenStatus == 0 && jwksStatus == 0, token.err + jwks.err)
        return (token.out, jwks.out)
    }

    @Test func newKeyIsPrivate2048BitPKCS8AndNeverOverwritten() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let pem = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let (status, captured) = Self.run({ JWTVerbs.token($0, output: $1) }, ["--new-key", keyPath])
        #expect(status == 1)
        #expect(captured.err.contains("cannot create"))
        #expect(try String(contentsOfFile: keyPath, encoding: .utf8) == pem)
    }

    @Test func tokenVerifiesAgainstThePrintedJWKS() throws {
        let (token, jwks) = mint(["--sub", "loadtest", "--scope", "read mcp:call", "--iss", "kaching", "--aud", "seqthink", "--ttl", "120"])
        let keys = try JWKSet(json: Array(jwks.utf8))
        #expect(keys.keys.first?.key.bitCount == 2048)
        let policy = JWTPolicy(issuer: "kaching", audience: "seqthink", requiredScope: "mcp:call")
        let claims = try JWTVerifier(policy: policy).verify(token, keys: keys)
        #expect(claims.subject == "loadtest")
        #expect(claims.scopes == ["read", "mcp:call"])
        #expect(claims.keyID == "dev-1")
        let iat = claims.claims["iat"]?.numberValue ?? 0
        #expect(claims.expiresAt - iat == 120)
    }

    @Test func tokenVerifiesInPyJWT() throws {
        let (token, jwks) = mint(["--scope", "mcp:call", "--aud", "seqthink"])
        let python = try TestEnvironment.venvPython("jwt", requirements: "Tests/JWTTests/requirements.txt")
        let script = """
        import json, sys, jwt
        keys = jwt.PyJWKSet.from_json(sys.argv[1])
        key = keys["dev-1"]
        print(json.dumps(jwt.decode(sys.argv[2], key.key, algorithms=["RS256"], audience="seqthink")))
        """
        let result = try ProcessRunner.run(python, ["-c", script, jwks, token], timeout: 60)
        #expect(result.status == 0, "\(result.stderrText)")
        let claims = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect(claims?["sub"] as? String == "seqthink-dev")
        #expect(claims?["scope"] as? String == "mcp:call")
    }

    @Test func expiredTokenFromAnOldClockIsRefused() throws {
        let captured = Captured()
        let status = JWTVerbs.token(["--key", keyPath, "--kid", "dev-1", "--ttl", "60"], output: captured.output,
                                    now: Date().addingTimeInterval(-3600))
        #expect(status == 0)
        let (_, jwks) = mint([])
        #expect(throws: JWTError(.expired, "token has expired")) {
            try JWTVerifier().verify(captured.out, keys: JWKSet(json: Array(jwks.utf8)))
        }
    }

    @Test(arguments: [
        ["--kid", "x"], ["--key"], ["--key", "k", "--kid", "x", "--bogus", "1"], ["--key", "k", "--key", "k", "--kid", "x"],
        ["positional"], ["--key", "k", "--kid", "x", "--ttl", "-5"], ["--key", "k", "--kid", "x", "--ttl", "soon"],
        ["--new-key", "/tmp/x.pem", "--kid", "x"],
    ])
    func usageErrorsExitWithTwo(_ args: [String]) {
        let (status, captured) = Self.run({ JWTVerbs.token($0, output: $1) }, args)
        #expect(status == 2)
        #expect(captured.err.contains("usage: seqthink token"))
        #expect(captured.out.isEmpty)
    }

    @Test func unreadableOrWrongKeyExitsWithOne() throws {
        let (missing, _) = Self.run({ JWTVerbs.jwks($0, output: $1) }, ["--key", "/nonexistent.pem", "--kid", "x"])
        #expect(missing == 1)
        let notAKey = directory.appendingPathComponent("not-a-key.pem")
        try "hello".write(to: notAKey, atomically: true, encoding: .utf8)
        let (wrong, captured) = Self.run({ JWTVerbs.token($0, output: $1) }, ["--key", notAKey.path, "--kid", "x"])
        #expect(wrong == 1)
        #expect(captured.err.contains("not an unencrypted RSA private key"))
    }

    @Test func flagsAcceptTheEqualsForm() throws {
        let (status, captured) = Self.run({ JWTVerbs.jwks($0, output: $1) }, ["--key=\(keyPath)", "--kid=dev-1"])
        #expect(status == 0)
        #expect(try JWKSet(json: Array(captured.out.utf8)).key(forID: "dev-1") != nil)
    }
}
