import Foundation
import HTTP
import SeqThinkServer
import Testing
import TestSupport

@Suite(.serialized) struct ShutdownTests {
    static let call = #"{"tool":"sequentialthinking","payload":{"thought":"t","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}"#

    /// A request in flight when SIGTERM (here: stop()) arrives is answered, with
    /// `Connection: close`, and the service then exits by itself within the grace.
    @Test func requestInFlightAtShutdownCompletesThenTheServiceExits() async throws {
        let backend = HeldBackend()
        let server = try await LiveServer.start(["SHUTDOWN_DELAY_S": "1", "SHUTDOWN_GRACE_S": "20"], backend: backend)
        let request = "POST /mcp/tool HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(Self.call.utf8.count)\r\n\r\n" + Self.call
        let inFlight = Task { try await RawClient.exchange(port: server.port, request) }
        for _ in 0..<200 where backend.heldCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(backend.heldCount == 1)

        server.service.stop()
        let exited = Task { () throws -> ContinuousClock.Instant in
            try await server.task.value
            return .now
        }
        // Past the delay the server drains, but the held request keeps the service alive.
        try await Task.sleep(for: .milliseconds(1500))
        let released = ContinuousClock.now
        backend.release()

        let response = try await inFlight.value
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(response.text.contains("\"thoughtHistoryLength\":1"))
        #expect(try await exited.value > released, "the service exited before its request was answered")
    }
}
