import Foundation
import HTTP
import MCP
import Synchronization
import Testing
import TestSupport

/// A backend that holds every tools/call until released, so the pipeline behind it fills up.
final class HeldBackend: MCPBackend {
    let inner = EmbeddedBackend(configuration: MCPConfiguration())
    private let state = Mutex<(released: Bool, waiting: [CheckedContinuation<Void, Never>], held: Int)>((false, [], 0))

    var heldCount: Int { state.withLock { $0.held } }

    func release() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    func handle(_ message: JSONRPCRequest, context: MCPBackendContext) async throws(MCPBackendError) -> JSONRPCResponse? {
        if message.method == "tools/call" {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    state.held += 1
                    if state.released { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        return try await inner.handle(message, context: context)
    }

    func sessionEnded(_ session: String) async { await inner.sessionEnded(session) }
    func status() async -> MCPBackendStatus { .ready }
}

@Suite(.serialized) struct BackpressureTests {
    static func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "0 0"
        let pages = Int(statm.split(separator: " ")[1]) ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static let call = #"{"tool":"sequentialthinking","payload":{"thought":"t","thoughtNumber":1,"totalThoughts":1,"nextThoughtNeeded":false}}"#

    /// With the backend held, the channels fill, later requests are shed with 503 after
    /// OVERLOAD_WAIT_MS, memory stays flat; released, every admitted request completes.
    @Test func heldStageFillsChannelsShedsOverflowAndCompletesEverythingAdmitted() async throws {
        let backend = HeldBackend()
        let env = ["STAGE_WORKERS": "1", "STAGE_QUEUE_DEPTH": "2", "OVERLOAD_WAIT_MS": "200",
                   "EVENT_LOOPS": "1", "ACCESS_LOG": "false"]
        try await LiveServer.with(env, backend: backend) { server in
            let request = "POST /mcp/tool HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(Self.call.utf8.count)\r\nConnection: close\r\n\r\n" + Self.call
            let port = server.port
            func fire(_ count: Int) -> [Task<Int, any Error>] {
                (0..<count).map { _ in
                    Task {
                        let response = try await RawClient.exchange(port: port, request)
                        if response.status == 503 {
                            #expect(response.header("Retry-After") != nil)
                            #expect(response.text.contains("overloaded"))
                        }
                        return response.status
                    }
                }
            }

            // First wave: fills every channel; the overflow is shed.
            let first = fire(40)
            // Wait until the backend holds one and the shed answers have arrived.
            for _ in 0..<100 where backend.heldCount == 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(backend.heldCount == 1)
            try await Task.sleep(for: .milliseconds(800))
            // Liveness does not wait behind the full pipeline (an orchestrator would kill a busy process).
            let health = try await RawClient.exchange(port: port, "GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(health.status == 200)

            // Second wave while still held: all shed, and memory does not grow with them.
            let before = Self.residentBytes()
            let second = fire(200)
            var secondStatuses: [Int] = []
            for task in second { secondStatuses.append(try await task.value) }
            let grown = Self.residentBytes() - before
            #expect(secondStatuses.allSatisfy { $0 == 503 }, "\(Dictionary(grouping: secondStatuses, by: { $0 }).mapValues(\.count))")
            #expect(grown < 64 << 20, "RSS grew by \(grown) bytes while shedding")

            backend.release()
            var statuses: [Int] = []
            for task in first { statuses.append(try await task.value) }
            let ok = statuses.filter { $0 == 200 }.count
            let shed = statuses.filter { $0 == 503 }.count
            #expect(ok + shed == 40, "\(statuses)")
            #expect(shed > 0, "nothing was shed")
            #expect(ok >= 2, "too little was admitted: \(statuses)")
            // Everything admitted reached the backend exactly once.
            #expect(backend.heldCount == ok)
            // Every answer is counted, the shed ones (answered without Egress) included.
            let shedAll = shed + secondStatuses.count
            let metrics = try await server.get("/metrics").text
            #expect(metrics.contains("seqthink_requests_total{route=\"/mcp/tool\",code=\"503\"} \(shedAll)"), "\(shedAll) shed")
            #expect(metrics.contains("seqthink_requests_total{route=\"/mcp/tool\",code=\"200\"} \(ok)"))
            #expect(metrics.contains("seqthink_shed_total \(shedAll)"))
            #expect(metrics.contains("seqthink_requests_total{route=\"/health\",code=\"200\"} 1"))
        }
    }
}
