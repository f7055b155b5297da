import Foundation

let message = #"{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"sequentialthinking","arguments":{"thought":"Consider the constraints of the problem first","nextThoughtNeeded":true,"thoughtNumber":2,"totalThoughts":5}}}"#
let bytes = Array(message.utf8)
let data = Data(bytes)
print("message bytes:", bytes.count)

struct Args: Codable { let thought: String; let nextThoughtNeeded: Bool; let thoughtNumber: Int; let totalThoughts: Int }
struct Params: Codable { let name: String; let arguments: Args }
struct Req: Codable { let jsonrpc: String; let id: Int; let method: String; let params: Params }

func cpuNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

@inline(never) func bench(_ name: String, _ n: Int = 200_000, _ body: () throws -> Void) rethrows {
    for _ in 0..<(n / 10) { try body() }
    let start = cpuNanos()
    for _ in 0..<n { try body() }
    let ns = Double(cpuNanos() - start) / Double(n)
    print(String(format: "%-46@ %8.2f us", name as NSString, ns / 1000))
}

var sink = 0
let onlyCore = CommandLine.arguments.count > 1
if !onlyCore {
try bench("JSONParser.parse (this module)") { if case .object(let o) = try JSONParser.parse(bytes) { sink &+= o.count } }
try bench("JSONRPCMessage.decode (parse + validate)") { if case .request = try JSONRPCMessage.decode(bytes) { sink &+= 1 } }
try bench("JSONSerialization.jsonObject") { if let d = try JSONSerialization.jsonObject(with: data) as? [String: Any] { sink &+= d.count } }
let decoder = JSONDecoder()
try bench("JSONDecoder (typed Codable struct)") { sink &+= try decoder.decode(Req.self, from: data).id }

let structured: JSONValue = .object(["thoughtNumber": .int(2), "totalThoughts": .int(5), "nextThoughtNeeded": .bool(true), "branches": .array([]), "thoughtHistoryLength": .int(7)])
let text = String(decoding: JSONWriter.encodePretty(structured), as: UTF8.self)
let result: JSONValue = .object(["content": .array([.object(["type": .string("text"), "text": .string(text)])]), "structuredContent": structured])
bench("JSONRPCResponse.encode (tools/call result)") { sink &+= JSONRPCResponse.result(.integer("42"), result).encode().count }
let foundationResult: [String: Any] = ["jsonrpc": "2.0", "id": 42, "result": ["content": [["type": "text", "text": text]], "structuredContent": ["thoughtNumber": 2, "totalThoughts": 5, "nextThoughtNeeded": true, "branches": [String](), "thoughtHistoryLength": 7]]]
try bench("JSONSerialization.data (same result)") { sink &+= try JSONSerialization.data(withJSONObject: foundationResult).count }

}
// The whole core path for a tool call: decode, transport checks, engine, history store, encode.
var configuration = MCPConfiguration()
configuration.disableThoughtLogging = true
let server = MCPServer.embedded(configuration: configuration)
let stateless = #"{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"sequentialthinking","arguments":{"thought":"Consider the constraints of the problem first","nextThoughtNeeded":true,"thoughtNumber":2,"totalThoughts":5},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#
let headers: MCPHeaders = ["Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "sequentialthinking"]
let statelessRequest = MCPHTTPRequest(method: "POST", route: .streamableHTTP, headers: headers, body: Array(stateless.utf8))
let toolRequest = MCPHTTPRequest(method: "POST", route: .simpleTool, headers: ["Accept": "application/json"],
    body: Array(#"{"tool":"sequentialthinking","payload":{"thought":"Consider the constraints of the problem first","nextThoughtNeeded":true,"thoughtNumber":2,"totalThoughts":5}}"#.utf8))

func asyncBench(_ name: String, _ n: Int, _ request: MCPHTTPRequest) async {
    for _ in 0..<(n / 10) { _ = await server.handle(request) }
    let start = cpuNanos()
    for _ in 0..<n { let r = await server.handle(request); if r.status != 200 { fatalError("status \(r.status)") } }
    print(String(format: "%-46@ %8.2f us", name as NSString, Double(cpuNanos() - start) / Double(n) / 1000))
}
await asyncBench("MCPServer.handle POST /mcp tools/call (2026)", onlyCore ? 400_000 : 100_000, statelessRequest)
await asyncBench("MCPServer.handle POST /mcp/tool", 100_000, toolRequest)
print(sink == 42 ? "" : " ")
