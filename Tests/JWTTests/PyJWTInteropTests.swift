import JSON
import Foundation
import JWT
import Testing
import TestSupport

/// The attack table minted by PyJWT + cryptography (an independent implementation), run
/// through `JWTVerifier`; each case must give exactly the reason the script names.
struct PyJWTInteropTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let token: String
        let expected: String?
        var testDescription: String { name }
    }

    struct Table: Sendable {
        let keys: JWKSet
        let cases: [Case]
    }

    /// Minted once per test process: the script generates fresh keys each run.
    static let table: Result<Table, any Error> = Result {
        let python = try TestEnvironment.venvPython("jwt", requirements: "Tests/JWTTests/requirements.txt")
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/JWTTests/mint_tokens.py").path
        let result = try ProcessRunner.run(python, [script], timeout: 120)
        guard result.status == 0 else { throw PeerFailure(description: "mint_tokens.py failed: \(result.stderrText)") }
        let output = try JSONSerialization.jsonObject(with: result.stdout) as! [String: Any]
        let jwks = try JSONSerialization.data(withJSONObject: output["jwks"]!)
        let cases = (output["cases"] as! [[String: Any]]).map {
            Case(name: $0["name"] as! String, token: $0["token"] as! String, expected: $0["expected"] as? String)
        }
        return Table(keys: try JWKSet(json: Array(jwks)), cases: cases)
    }

    static func cases() throws -> [Case] { try table.get().cases }

    static let verifier = JWTVerifier(policy: JWTPolicy(issuer: "kaching", audience: "seqthink", requiredScope: "mcp:call"))

    @Test func jwksFromPythonKeepsOnlyTheUsableKey() throws {
        let keys = try Self.table.get().keys
        #expect(keys.keys.map(\.keyID) == ["main"])
        #expect(keys.skipped.count == 2)
    }

    @Test(arguments: try cases())
    func refusesEachPyJWTAttackWithItsReason(_ test: Case) throws {
        let keys = try Self.table.get().keys
        do {
            let claims = try Self.verifier.verify(test.token, keys: keys)
            #expect(test.expected == nil, "accepted, expected \(test.expected ?? "")")
            #expect(claims.subject == "alice")
        } catch {
            #expect(error.reason.rawValue == test.expected, "\(error.description)")
        }
    }
}
