import Foundation
import HTTP
import Synchronization
import TestSupport

/// The Python backends the live backend tests run: FastMCP over Streamable HTTP or stdio
/// (`fastmcp_backend.py`) and a hand-written misbehaving HTTP server (`raw_backend.py`).
enum BackendFixture {
    static let directory = TestEnvironment.repoRoot.appendingPathComponent("Tests/SeqThinkServerTests/Backends/python")

    /// The venv's python (made on first use from requirements-backends.txt).
    static func python() throws -> String {
        try TestEnvironment.venvPython("backends", requirements: "Tests/SeqThinkServerTests/Backends/python/requirements-backends.txt")
    }

    static func script(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// `stdio:<python> <fastmcp_backend.py> stdio`, quoted for MCP_LOCAL.
    static func stdioCommand(_ arguments: [String] = ["stdio"], script name: String = "fastmcp_backend.py") throws -> String {
        "stdio:" + ([try python(), script(name)] + arguments).map { "'\($0)'" }.joined(separator: " ")
    }
}

/// A fixture server running as a child process until `stop()`; it prints `PORT <n>` first.
final class RunningFixture: Sendable {
    let process: Process
    let port: Int

    var url: String { "http://127.0.0.1:\(port)/mcp" }

    /// Starts `script` with `arguments` and waits for its `PORT <n>` (or bare `<n>`) line.
    static func start(_ script: String, _ arguments: [String], python: String? = nil) async throws -> RunningFixture {
        let python = try python ?? BackendFixture.python()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.hasPrefix("/") ? script : BackendFixture.script(script)] + arguments
        process.currentDirectoryURL = BackendFixture.directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        let line: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while true {
                    let data = handle.readData(ofLength: 1)
                    if data.isEmpty || data[data.startIndex] == 0x0A { break }
                    bytes.append(data[data.startIndex])
                }
                continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
            }
        }
        guard let line, let port = Int(line.hasPrefix("PORT ") ? line.dropFirst(5) : Substring(line)) else {
            process.terminate()
            throw TestEnvironment.Missing(description: "\(script) did not report its port (got \(line ?? "nothing"))")
        }
        return RunningFixture(process: process, port: port)
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// SIGKILL and wait (off the cooperative pool).
    func kill() async {
        let process = self.process
        Glibc.kill(process.processIdentifier, SIGKILL)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// Runs `body` with a started fixture and kills it afterwards.
    static func with<T: Sendable>(_ script: String = "fastmcp_backend.py", _ arguments: [String] = ["http"], python: String? = nil,
                                  _ body: (RunningFixture) async throws -> T) async throws -> T {
        let fixture = try await start(script, arguments, python: python)
        do {
            let result = try await body(fixture)
            await fixture.kill()
            return result
        } catch {
            await fixture.kill()
            throw error
        }
    }
}

/// A minimal MCP client over the gateway (or straight to a backend) for the tests.
struct MCPTestClient: Sendable {
    let client: HTTPClient
    let url: String
    var sessionID: String?
    var version = "2025-11-25"

    init(client: HTTPClient = HTTPClient(), url: String) {
        self.client = client
        self.url = url
    }

    struct Answer: Sendable {
        let status: Int
        let body: [UInt8]
        let headers: [(name: String, value: String)]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
        /// The JSON-RPC message: the body, or the data of the first SSE event.
        var message: [String: Any] {
            if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] { return object }
            for line in text.split(separator: "\n") where line.hasPrefix("data: ") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any] {
                    return object
                }
            }
            return [:]
        }
        /// The raw text of the message's `result` member (JSON bodies only).
        var resultText: String? {
            guard let range = text.range(of: #","result":"#) else { return nil }
            return String(text[range.upperBound...].dropLast())
        }
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    func post(_ json: String, headers extra: [(name: String, value: String)] = []) async throws -> Answer {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if !extra.contains(where: { $0.name == "Accept" }) { headers.append(("Accept", "application/json, text/event-stream")) }
        if let sessionID {
            headers.append(("Mcp-Session-Id", sessionID))
            headers.append(("MCP-Protocol-Version", version))
        }
        let response = try await client.execute(HTTPClientRequest(method: "POST", url: url, headers: headers + extra, body: Array(json.utf8)),
                                                timeout: .seconds(60))
        return Answer(status: response.status, body: response.body, headers: response.headers)
    }

    /// initialize + notifications/initialized; returns the initialize answer.
    mutating func initialize() async throws -> Answer {
        let answer = try await post(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#)
        sessionID = answer.header("Mcp-Session-Id")
        _ = try await post(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        return answer
    }

    func call(_ tool: String, _ arguments: String = "{}", id: Int = 1) async throws -> Answer {
        try await post(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#)
    }
}
