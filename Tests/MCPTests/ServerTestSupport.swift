import JSON
import Synchronization
@testable import MCP

func makeServer(_ configure: (inout MCPConfiguration) -> Void = { _ in }, clock: MCPClock = .system) -> MCPServer {
    var configuration = MCPConfiguration()
    configuration.serverVersion = "1.2.3"
    configure(&configuration)
    return MCPServer(configuration: configuration, backend: EmbeddedBackend(configuration: configuration, clock: clock), clock: clock)
}

func post(_ server: MCPServer, _ body: String, headers: [(String, String)] = [], route: MCPRoute = .streamableHTTP) async -> MCPHTTPResponse {
    let all = [("Accept", "application/json, text/event-stream")] + headers
    return await server.handle(MCPHTTPRequest(method: "POST", route: route,
                                              headers: MCPHeaders(all.map { (name: $0.0, value: $0.1) }),
                                              body: Array(body.utf8)))
}

extension MCPHTTPResponse {
    /// The JSON body (or the data of the single SSE event), parsed.
    var json: JSONValue? {
        switch body {
        case .json(let bytes): return try? JSONParser.parse(bytes)
        case .sse(let events): return events.first.flatMap { try? JSONParser.parse($0.data) }
        default: return nil
        }
    }
    var errorCode: Int? {
        guard case .number(let n)? = json?["error"]?["code"] else { return nil }
        return Int(n.text)
    }
    var problemCode: String? {
        if case .problem(let code, _) = body { return code }
        return nil
    }
}

/// Initializes a handshake session and returns its id.
func initializeSession(_ server: MCPServer, version: String = "2025-11-25") async -> String {
    let response = await post(server, #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"\#(version)","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
    let id = response.header("Mcp-Session-Id") ?? ""
    _ = await post(server, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, headers: [("Mcp-Session-Id", id), ("MCP-Protocol-Version", version)])
    return id
}

let statelessMeta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"}}"#

let thoughtArguments = #"{"thought":"t","nextThoughtNeeded":true,"thoughtNumber":1,"totalThoughts":2}"#

/// An in-memory SSE stream.
final class RecordingSink: MCPEventSink {
    private let state = Mutex<(events: [SSEEvent], finished: Bool, failing: Bool)>(([], false, false))
    func send(_ event: SSEEvent) -> Bool {
        state.withLock { s in
            if s.failing || s.finished { return false }
            s.events.append(event)
            return true
        }
    }
    func finish() { state.withLock { $0.finished = true } }
    func breakConnection() { state.withLock { $0.failing = true } }
    var events: [SSEEvent] { state.withLock { $0.events } }
    var finished: Bool { state.withLock { $0.finished } }
}
