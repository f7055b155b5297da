import Foundation
import HTTP
import SeqThinkServer
import Testing
import TestSupport

/// The secure path end to end over real sockets with real peers (issue 6): requests sealed by
/// Debian's `age` CLI and by pyrage, tokens minted by PyJWT against a JWKS served on loopback,
/// responses opened by `age -d` with each client's identity; all three transports, binary and
/// armored, with and without LZ4 (made and read by the `lz4` CLI).
@Suite(.serialized) struct SecurePathTests {
    static func thought(_ n: Int, _ text: String = "secret-thought-marker") -> String {
        #"{"thought":"\#(text)","thoughtNumber":\#(n),"totalThoughts":9,"nextThoughtNeeded":true}"#
    }
    static func toolBody(_ n: Int) -> String { #"{"tool":"sequentialthinking","payload":\#(thought(n))}"# }

    @Test func simpleToolCallsBinaryArmoredAndLZ4OpenForEveryRecipient() async throws {
        let logs = SecureLogCapture()
        try await SecureWorld.with { world in
            try await LiveServer.with(world.environment, logger: logs.logger) { server in
                try await server.waitUntilReady()
                var n = 0
                for armor in [false, true] {
                    for lz4 in [false, true] {
                        n += 1
                        var headers = [world.auth]
                        if lz4 { headers += [("Seqthink-Encoding", "lz4"), ("Seqthink-Accept-Encoding", "lz4")] }
                        let response = try await server.postAge("/mcp/tool", world.seal(Self.toolBody(n), armor: armor, lz4: lz4), headers: headers)
                        #expect(response.status == 200, "armor \(armor) lz4 \(lz4): \(response.text)")
                        #expect(response.header("Content-Type") == "application/age")
                        #expect(response.header("Seqthink-Encoding") == (lz4 ? "lz4" : nil))
                        #expect(response.text.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----") == armor)
                        #expect(!response.text.contains("thoughtHistoryLength"))
                        // Both recipients of AGE_RECIPS_PATH can read it.
                        for client in 0..<2 {
                            let plain = try await world.open(response.body, client: client, lz4: lz4)
                            #expect(plain.contains(#""thoughtHistoryLength":\#(n)"#), "\(plain)")
                        }
                        #expect(try await world.cannotOpen(response.body, key: world.serverKey))
                    }
                }
                #expect(try await server.metric(#"seqthink_stage_duration_seconds_count{stage="decrypt"}"#) >= 4)
                #expect(try await server.metric(#"seqthink_stage_duration_seconds_sum{stage="decrypt"}"#) > 0)
                #expect(try await server.metric(#"seqthink_stage_duration_seconds_count{stage="encrypt"}"#) >= 4)
                #expect(try await server.metric(#"seqthink_stage_duration_seconds_sum{stage="encrypt"}"#) > 0)
                #expect(try await server.metric("seqthink_decrypt_failures_total") == 0)
            }
            let text = logs.text
            #expect(text.contains(world.serverRecipient), "the public key is logged at startup")
            #expect(!text.contains("AGE-SECRET-KEY"))
            #expect(!text.contains("secret-thought-marker"))
            #expect(!text.contains(world.token))
        }
    }

    @Test func wellKnownRecipientAndPyrageRequests() async throws {
        try await SecureWorld.with { world in
            try await LiveServer.with(world.environment, logger: .silent) { server in
                try await server.waitUntilReady()
                let recipient = try await server.get("/.well-known/age-recipient")
                #expect(recipient.status == 200)
                #expect(recipient.text == world.serverRecipient + "\n")
                for (n, armor) in [(1, false), (2, true)] {
                    let sealed = try await world.pyrageSeal(Self.toolBody(n), armor: armor)
                    let response = try await server.postAge("/mcp/tool", sealed, headers: [world.auth])
                    #expect(response.status == 200, "\(response.text)")
                    #expect(try await world.pyrageOpen(response.body, client: 1).contains(#""thoughtHistoryLength":\#(n)"#))
                }
                // AuthGate runs before Decryptor: no token, no decryption work.
                let anonymous = try await server.postAge("/mcp/tool", world.seal(Self.toolBody(3)))
                #expect(anonymous.status == 401)
                let noScope = try await server.postAge("/mcp/tool", world.seal(Self.toolBody(3)),
                                                       headers: [("Authorization", "Bearer \(world.noScopeToken)")])
                #expect(noScope.status == 403)
            }
        }
    }

    @Test func streamableHTTPJSONAndSSERepliesAreSealed() async throws {
        try await SecureWorld.with { world in
            try await LiveServer.with(world.environment, logger: .silent) { server in
                try await server.waitUntilReady()
                let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
                let opened = try await server.postAge("/mcp", world.seal(initialize), headers: [world.auth, ("Accept", "application/json")])
                #expect(opened.status == 200)
                #expect(try await world.open(opened.body).contains(#""protocolVersion":"2025-06-18""#))
                let session = try #require(opened.header("Mcp-Session-Id"))
                let headers = [world.auth, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", "2025-06-18")]

                let note = try await server.postAge("/mcp", world.seal(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#), headers: headers)
                #expect(note.status == 202)
                #expect(note.body.isEmpty)

                // Armored request → armored JSON reply, readable by both recipients.
                let list = try await server.postAge("/mcp", world.seal(#"{"jsonrpc":"2.0","id":9,"method":"tools/list"}"#, armor: true),
                                                    headers: headers + [("Accept", "application/json, text/event-stream")])
                #expect(list.status == 200)
                #expect(list.header("Content-Type") == "application/age")
                #expect(list.text.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----"))
                #expect(try await world.open(list.body, client: 1).contains(#""name":"sequentialthinking""#))

                let call = #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(Self.thought(1))}}"#
                let sse = try await server.postAge("/mcp", world.seal(call, armor: true, lz4: true), headers: headers + [
                    ("Accept", "text/event-stream"), ("Seqthink-Encoding", "lz4"), ("Seqthink-Accept-Encoding", "lz4")])
                #expect(sse.status == 200)
                #expect(sse.header("Content-Type") == "text/event-stream")
                #expect(sse.header("Seqthink-Encoding") == "lz4")
                let events = sseEvents(sse.text)
                #expect(events.count == 1 && events.first?.event == "message")
                let ciphertext = try #require(Data(base64Encoded: events.first?.data ?? ""), "standard base64 with padding")
                for client in 0..<2 {
                    let plain = try await world.open([UInt8](ciphertext), client: client, lz4: true)
                    #expect(plain.hasPrefix(#"{"jsonrpc":"2.0","id":2,"result":"#), "\(plain)")
                    #expect(plain.contains(#""thoughtHistoryLength":1"#))
                }
            }
        }
    }

    @Test func legacySSEEventsAreSealedOneCiphertextEach() async throws {
        try await SecureWorld.with { world in
            try await LiveServer.with(world.environment, logger: .silent) { server in
                try await server.waitUntilReady()
                // The stream asks for LZ4 plaintexts: every event's age file then holds an LZ4 frame.
                let stream = try await server.client.stream(
                    HTTPClientRequest(method: "GET", url: server.base + "/mcp/sse",
                                      headers: [world.auth, ("Accept", "text/event-stream"), ("Seqthink-Accept-Encoding", "lz4")]),
                    timeout: .seconds(30), readTimeout: .seconds(30))
                #expect(stream.status == 200)
                var iterator = stream.body.makeAsyncIterator()
                var buffered = ""
                func nextEvent() async throws -> (event: String?, data: String)? {
                    while !buffered.contains("\n\n") {
                        guard let chunk = try await iterator.next() else { return nil }
                        buffered += String(decoding: chunk, as: UTF8.self)
                    }
                    let end = buffered.range(of: "\n\n")!
                    let block = String(buffered[..<end.upperBound])
                    buffered = String(buffered[end.upperBound...])
                    return sseEvents(block).first
                }
                // The endpoint event carries no message: it stays plaintext so a client can post.
                let endpoint = try #require(try await nextEvent())
                #expect(endpoint.event == "endpoint")
                #expect(endpoint.data.hasPrefix("/mcp/messages?session_id="))

                let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
                let posted = try await server.postAge(endpoint.data, world.seal(initialize, armor: true), headers: [world.auth])
                #expect(posted.status == 202)
                #expect(stream.headers.contains { $0.name.lowercased() == "seqthink-encoding" && $0.value == "lz4" })
                let message = try #require(try await nextEvent())
                #expect(message.event == "message")
                let ciphertext = try #require(Data(base64Encoded: message.data))
                let plain = try await world.open([UInt8](ciphertext), client: 1, lz4: true)
                #expect(plain.hasPrefix(#"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"#), "\(plain)")

                // A binary, LZ4-compressed tool call on the same session.
                let call = #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"sequentialthinking","arguments":\#(Self.thought(1))}}"#
                let called = try await server.postAge(endpoint.data, world.seal(call, lz4: true), headers: [world.auth, ("Seqthink-Encoding", "lz4")])
                #expect(called.status == 202)
                let answer = try #require(try await nextEvent())
                let answerPlain = try await world.open([UInt8](try #require(Data(base64Encoded: answer.data))), client: 0, lz4: true)
                #expect(answerPlain.contains(#""thoughtHistoryLength":1"#), "\(answerPlain)")
                stream.body.cancel()
            }
        }
    }

    @Test func ageRecipientHeaderReplacesTheRecipientsWhenAllowed() async throws {
        try await SecureWorld.with { world in
            var environment = world.environment
            environment["AGE_CLIENT_RECIPIENTS"] = "allow"
            try await LiveServer.with(environment, logger: .silent) { server in
                try await server.waitUntilReady()
                // Repeated and comma-listed forms; client 2 and the server's own recipient.
                let response = try await server.postAge("/mcp/tool", world.seal(Self.toolBody(1)), headers: [
                    world.auth, ("Age-Recipient", world.clientRecipients[1]),
                    ("Age-Recipient", " \(world.serverRecipient) , \(world.clientRecipients[1])")])
                #expect(response.status == 200, "\(response.text)")
                #expect(try await world.open(response.body, client: 1).contains("thoughtHistoryLength"))
                #expect(try await world.cannotOpen(response.body, key: world.clientKeys[0]), "not sealed to AGE_RECIPS_PATH")
                #expect(!(try await world.cannotOpen(response.body, key: world.serverKey)))
            }
            // Denied by default: the header is refused rather than silently ignored.
            try await LiveServer.with(world.environment, logger: .silent) { server in
                try await server.waitUntilReady()
                let response = try await server.postAge("/mcp/tool", world.seal(Self.toolBody(1)),
                                                        headers: [world.auth, ("Age-Recipient", world.clientRecipients[1])])
                #expect(response.status == 400)
                #expect(response.text.contains("age_recipient_not_allowed"))
            }
        }
    }
}
