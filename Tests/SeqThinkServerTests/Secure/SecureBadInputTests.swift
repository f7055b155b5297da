import Foundation
import HTTP
import SeqThinkServer
import Testing
import TestSupport

/// The issue's bad-input table: each input gets its status and code, the right counter moves,
/// nothing secret reaches the logs, and the server keeps serving afterwards.
@Suite(.serialized) struct SecureBadInputTests {
    struct Case: Sendable {
        let name: String
        let body: [UInt8]
        var headers: [(name: String, value: String)] = []
        var contentType = "application/age"
        let status: Int
        let code: String
        /// Whether `seqthink_decrypt_failures_total` moves by one.
        var decryptFailure = false
    }

    static func cases(_ world: SecureWorld) async throws -> [Case] {
        let valid = try await world.seal(SecurePathTests.toolBody(1))
        var tampered = valid
        tampered[tampered.count - 20] ^= 0x01
        let otherKey = try await world.seal(Array(SecurePathTests.toolBody(1).utf8), to: world.clientRecipients[0])
        // 64 MiB of zeros is a ~256 KiB LZ4 frame: well under MAX_BODY_MB on the wire.
        let bomb = try await world.seal([UInt8](repeating: 0, count: 64 << 20), lz4: true)
        var armoredTampered = try await world.seal(SecurePathTests.toolBody(1), armor: true)
        armoredTampered[60] = armoredTampered[60] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return [
            Case(name: "plaintext JSON", body: Array(SecurePathTests.toolBody(1).utf8), contentType: "application/json",
                 status: 415, code: "unsupported_media_type"),
            Case(name: "no content type", body: valid, contentType: "", status: 415, code: "unsupported_media_type"),
            Case(name: "garbage", body: Array("definitely not age".utf8), status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "empty body", body: [], status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "truncated ciphertext", body: Array(valid.dropLast(17)), status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "header only", body: Array(valid.prefix(120)), status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "ciphertext for another key", body: otherKey, status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "tampered chunk", body: tampered, status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "tampered armor", body: armoredTampered, status: 400, code: "decrypt_failed", decryptFailure: true),
            Case(name: "valid ciphertext, invalid JSON inside", body: try await world.seal("{\"tool\": nope"),
                 status: 400, code: "invalid_json"),
            Case(name: "valid ciphertext, duplicate key inside", body: try await world.seal(#"{"leaky-key-marker":1,"leaky-key-marker":2}"#),
                 status: 400, code: "invalid_json"),
            Case(name: "LZ4 bomb", body: bomb, headers: [("Seqthink-Encoding", "lz4")], status: 413, code: "payload_too_large"),
            Case(name: "not an LZ4 frame", body: valid, headers: [("Seqthink-Encoding", "lz4")], status: 400, code: "bad_encoding"),
            Case(name: "unknown Seqthink-Encoding", body: valid, headers: [("Seqthink-Encoding", "gzip")],
                 status: 415, code: "unsupported_encoding"),
            Case(name: "invalid Age-Recipient", body: valid, headers: [("Age-Recipient", "age1notarecipient")],
                 status: 400, code: "invalid_age_recipient"),
            Case(name: "secret key as Age-Recipient", body: valid,
                 headers: [("Age-Recipient", "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ")],
                 status: 400, code: "invalid_age_recipient"),
            Case(name: "too many Age-Recipients", body: valid,
                 headers: [("Age-Recipient", Array(repeating: world.clientRecipients[0], count: 17).joined(separator: ","))],
                 status: 400, code: "invalid_age_recipient"),
        ]
    }

    @Test func eachBadInputGetsItsStatusAndTheServerKeepsServing() async throws {
        let logs = SecureLogCapture()
        try await SecureWorld.with { world in
            var environment = world.environment
            environment["AGE_CLIENT_RECIPIENTS"] = "allow"
            environment["MAX_BODY_MB"] = "1"
            let cases = try await Self.cases(world)
            try await LiveServer.with(environment, logger: logs.logger) { server in
                try await server.waitUntilReady()
                var failures = 0.0
                for test in cases {
                    var headers = [world.auth] + test.headers
                    if !test.contentType.isEmpty { headers.append(("Content-Type", test.contentType)) }
                    let response = try await server.client.execute(HTTPClientRequest(
                        method: "POST", url: server.base + "/mcp/tool", headers: headers, body: test.body), timeout: .seconds(30))
                    #expect(response.status == test.status, "\(test.name): \(response.text)")
                    #expect(response.text.contains(#""code":"\#(test.code)""#), "\(test.name): \(response.text)")
                    #expect(response.header("Content-Type") == "application/json", "\(test.name): errors stay plaintext JSON")
                    #expect(!response.text.contains("leaky-key-marker"), "\(test.name): no plaintext echoed in the clear")
                    if test.decryptFailure {
                        failures += 1
                        // One answer for every cause: the same message, byte for byte.
                        #expect(response.text.contains(#""message":"the request body could not be decrypted""#))
                    }
                    #expect(try await server.metric("seqthink_decrypt_failures_total") == failures, "\(test.name)")
                }
                #expect(try await server.metric(#"seqthink_errors_total{stage="decrypt",reason="decrypt_failed"}"#) == failures)
                #expect(try await server.metric(#"seqthink_errors_total{stage="decrypt",reason="payload_too_large"}"#) == 1)
                #expect(try await server.metric("seqthink_encrypt_failures_total") == 0)

                // Still serving, on the same and on new connections.
                let after = try await server.postAge("/mcp/tool", world.seal(SecurePathTests.toolBody(1)), headers: [world.auth])
                #expect(after.status == 200)
                #expect(try await world.open(after.body).contains("thoughtHistoryLength"))
            }
            let text = logs.text
            #expect(!text.contains("AGE-SECRET-KEY"))
            #expect(!text.contains("secret-thought-marker"))
            #expect(!text.contains(world.token))
            #expect(!text.contains("nope"), "no decrypted body in the logs")
            #expect(text.contains(#""error":"decrypt_failed""#), "the access log names the failure class only")
        }
    }
}
