import JSON
import Synchronization
@testable import MCP

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds = Mutex<Double>(0)
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
    var clock: MCPClock { MCPClock { [self] in seconds.withLock { $0 } } }
}

/// Collects what the engine logs.
final class LogRecorder: Sendable {
    private let lines = Mutex<[(MCPLogLevel, String)]>([])
    var logger: MCPLogger { { [self] level, text in lines.withLock { $0.append((level, text)) } } }
    var entries: [(MCPLogLevel, String)] { lines.withLock { $0 } }
}

func makeEngine(_ configure: (inout MCPConfiguration) -> Void = { _ in }, clock: MCPClock = .system,
                logger: MCPLogger? = nil) -> SequentialThinkingEngine {
    var configuration = MCPConfiguration()
    configure(&configuration)
    let store = InMemoryThoughtSessionStore(configuration: configuration, clock: clock)
    return SequentialThinkingEngine(configuration: configuration, store: store, logger: logger)
}

func json(_ text: String) -> JSONValue {
    do { return try JSONParser.parse(text) } catch { fatalError("bad test JSON \(text): \(error)") }
}

extension JSONValue {
    var isErrorResult: Bool { self["isError"] == .bool(true) }
    var firstText: String? {
        guard case .array(let content)? = self["content"], let first = content.first else { return nil }
        return first["text"]?.stringValue
    }
}
