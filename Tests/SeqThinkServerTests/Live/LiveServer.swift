import Foundation
import HTTP
import MCP
import SeqThinkServer
import Synchronization
import TestSupport

/// A SeqThinkService running in this process on a free loopback port, stopped by `stop()`.
final class LiveServer: Sendable {
    let service: SeqThinkService
    let port: Int
    let task: Task<Void, any Error>
    let client = HTTPClient()

    var base: String { "http://127.0.0.1:\(port)" }

    static func start(_ environment: [String: String] = [:], backend: (any MCPBackend)? = nil,
                      logger: Logger = .silent) async throws -> LiveServer {
        var env = ["BIND": "127.0.0.1", "PORT": "0", "SHUTDOWN_DELAY_S": "0", "SHUTDOWN_GRACE_S": "10",
                   "EVENT_LOOPS": "2"]
        env.merge(environment) { _, new in new }
        let configuration = try ServerConfiguration.resolve(environment: env)
        let service = SeqThinkService(configuration: configuration, logger: logger, handleSignals: false, backend: backend)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { continuation.finish() }
            try await service.run { continuation.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw TestEnvironment.Missing(description: "the service stopped before listening")
        }
        return LiveServer(service: service, port: port, task: task)
    }

    /// Runs `body` against a fresh server and stops it afterwards, whether `body` throws or not.
    static func with<T: Sendable>(_ environment: [String: String] = [:], backend: (any MCPBackend)? = nil,
                                  logger: Logger = .silent,
                                  _ body: (LiveServer) async throws -> T) async throws -> T {
        let server = try await start(environment, backend: backend, logger: logger)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    private init(service: SeqThinkService, port: Int, task: Task<Void, any Error>) {
        self.service = service
        self.port = port
        self.task = task
    }

    /// Stops the service and waits for its drain to finish.
    func stop() async throws {
        service.stop()
        try await task.value
    }

    func get(_ path: String, headers: [(name: String, value: String)] = []) async throws -> HTTPClientResponse {
        try await client.execute(HTTPClientRequest(method: "GET", url: base + path, headers: headers), timeout: .seconds(30))
    }

    func post(_ path: String, json: String, headers: [(name: String, value: String)] = []) async throws -> HTTPClientResponse {
        try await client.execute(HTTPClientRequest(
            method: "POST", url: base + path, headers: [("Content-Type", "application/json")] + headers,
            body: Array(json.utf8)), timeout: .seconds(30))
    }
}

extension HTTPClientResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
