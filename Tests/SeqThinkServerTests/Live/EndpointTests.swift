import Foundation
import HTTP
import SeqThinkServer
import Testing

@Suite(.serialized) struct EndpointTests {
    @Test func healthReadyAndErrorsOverRealSockets() async throws {
        try await LiveServer.with { server in

            let health = try await server.get("/health")
            #expect(health.status == 200)
            #expect(health.text == #"{"status":"ok"}"#)
            #expect(health.header("X-Request-Id")?.isEmpty == false)

            // The embedded backend is ready at once; the supervisor reports it within a second.
            var ready = try await server.get("/ready")
            for _ in 0..<50 where ready.status != 200 {
                try await Task.sleep(for: .milliseconds(100))
                ready = try await server.get("/ready")
            }
            #expect(ready.status == 200)
            #expect(ready.text == #"{"status":"ready"}"#)

            let missing = try await server.get("/nope")
            #expect(missing.status == 404)
            #expect(missing.text.contains(#""code":"not_found""#))
            #expect(missing.text.contains(#""requestId":""#))

            let wrongMethod = try await server.post("/health", json: "{}")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "GET, HEAD")

            let recipient = try await server.get("/.well-known/age-recipient")
            #expect(recipient.status == 404)
            #expect(recipient.text.contains("encryption_disabled"))
        }
    }

    @Test func echoesAWellFormedRequestID() async throws {
        try await LiveServer.with { server in
            let response = try await server.get("/health", headers: [("X-Request-Id", "trace-123.abc_9")])
            #expect(response.header("X-Request-Id") == "trace-123.abc_9")
            let replaced = try await server.get("/health", headers: [("X-Request-Id", "bad id with spaces")])
            #expect(replaced.header("X-Request-Id") != "bad id with spaces")
        }
    }

    @Test func simpleToolCallRunsThroughEveryStage() async throws {
        try await LiveServer.with { server in
            let response = try await server.post("/mcp/tool", json: """
                {"tool":"sequentialthinking","payload":{"thought":"first","thoughtNumber":1,"totalThoughts":3,"nextThoughtNeeded":true}}
                """)
            #expect(response.status == 200)
            #expect(response.text.contains(#""structuredContent":{"thoughtNumber":1,"totalThoughts":3,"nextThoughtNeeded":true,"branches":[],"thoughtHistoryLength":1}"#))
        }
    }

    /// Thoughts reach the log at debug level only; above it the engine does not even format them.
    @Test(arguments: [LogLevel.debug, .info])
    func thoughtsAreLoggedAtDebugOnly(level: LogLevel) async throws {
        let capture = LogCapture()
        try await LiveServer.with(logger: capture.logger(level: level)) { server in
            let response = try await server.post("/mcp/tool", json: """
                {"tool":"sequentialthinking","payload":{"thought":"a distinctive thought 7f3a","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}
                """)
            #expect(response.status == 200)
        }
        let thoughtLines = capture.all.filter { $0.contains("a distinctive thought 7f3a") }
        if level == .debug {
            #expect(thoughtLines.count == 1)
            #expect(thoughtLines.first?.contains(#""level":"debug""#) == true)
        } else {
            #expect(thoughtLines.isEmpty)
            #expect(!capture.all.isEmpty, "the info-level logger still sees the service's own lines")
        }
    }

    @Test func readyTurnsUnavailableAsSoonAsShutdownBegins() async throws {
        let server = try await LiveServer.start(["SHUTDOWN_DELAY_S": "2", "SHUTDOWN_GRACE_S": "5"])
        var ready = try await server.get("/ready")
        for _ in 0..<50 where ready.status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            ready = try await server.get("/ready")
        }
        #expect(ready.status == 200)
        server.service.stop()
        try await Task.sleep(for: .milliseconds(300))
        // Still serving during SHUTDOWN_DELAY_S, new connections included, but not ready.
        let fresh = HTTPClient()
        let during = try await fresh.execute(HTTPClientRequest(url: server.base + "/ready"), timeout: .seconds(5))
        #expect(during.status == 503)
        #expect(during.text.contains("shutdown"))
        let health = try await fresh.execute(HTTPClientRequest(url: server.base + "/health"), timeout: .seconds(5))
        #expect(health.status == 200)
        try await server.task.value
    }
}
