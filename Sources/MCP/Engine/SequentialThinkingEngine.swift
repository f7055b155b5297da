public import JSON

// The built-in sequential-thinking engine: the reference server's behaviour, with history per
// session instead of one per process.
//
// Per call, as the reference does it: validate (zod) -> raise totalThoughts to thoughtNumber
// when exceeded -> append to history -> record the branch when both branchFromThought and a
// non-empty branchId are given -> log the thought (unless DISABLE_THOUGHT_LOGGING) -> answer
// `{thoughtNumber, totalThoughts, nextThoughtNeeded, branches, thoughtHistoryLength}` as
// `JSON.stringify(x, null, 2)` text content and the same object as `structuredContent`.
// Invalid arguments and unknown tools give `isError: true` results with the reference's
// messages; nothing here throws or traps on client input.

/// The embedded `sequentialthinking` tool.
public final class SequentialThinkingEngine: Sendable {
    private let store: any ThoughtSessionStore
    private let validator: ThoughtArgumentValidator
    private let logger: MCPLogger?
    private let loggingDisabled: Bool

    public init(configuration: MCPConfiguration, store: any ThoughtSessionStore, logger: MCPLogger? = nil) {
        self.store = store
        self.validator = ThoughtArgumentValidator(maxThoughtBytes: configuration.maxThoughtBytes,
                                                  maxBranchIDBytes: configuration.maxBranchIDBytes)
        self.logger = logger
        self.loggingDisabled = configuration.disableThoughtLogging
    }

    /// The tools this engine serves, as `tools/list` entries.
    public var tools: [JSONValue] { [SequentialThinkingTool.definition] }

    /// A `tools/call`: the `CallToolResult` object (never a JSON-RPC error).
    public func callTool(name: String, arguments: JSONValue?, session: String) async -> JSONValue {
        guard name == SequentialThinkingTool.name else {
            return Self.errorResult("MCP error -32602: Tool \(name) not found")
        }
        return await process(arguments: arguments, session: session)
    }

    /// One thought: the `CallToolResult` object.
    public func process(arguments: JSONValue?, session: String) async -> JSONValue {
        var input: ThoughtInput
        switch validator.validate(arguments) {
        case .failure(let failure): return Self.errorResult(failure.message(toolName: SequentialThinkingTool.name))
        case .success(let valid): input = valid
        }
        if input.thoughtNumber > input.totalThoughts { input.totalThoughts = input.thoughtNumber }

        let summary: ThoughtHistorySummary
        do {
            summary = try await store.append(input, to: session)
        } catch {
            let body: JSONValue = .object(["error": .string("\(error)"), "status": .string("failed")])
            return Self.errorResult(String(decoding: JSONWriter.encodePretty(body), as: UTF8.self))
        }
        if !loggingDisabled, let logger {
            logger(.debug, ThoughtLogFormatter.format(input))
        }
        let structured: JSONValue = .object([
            "thoughtNumber": .int(input.thoughtNumber),
            "totalThoughts": .int(input.totalThoughts),
            "nextThoughtNeeded": .bool(input.nextThoughtNeeded),
            "branches": .array(summary.branches.map { .string($0) }),
            "thoughtHistoryLength": .int(summary.historyLength),
        ])
        let text = String(decoding: JSONWriter.encodePretty(structured), as: UTF8.self)
        return .object([
            "content": .array([.object(["type": .string("text"), "text": .string(text)])]),
            "structuredContent": structured,
        ])
    }

    /// Forgets the history of an ended session.
    public func endSession(_ session: String) async { await store.removeSession(session) }

    static func errorResult(_ message: String) -> JSONValue {
        .object([
            "content": .array([.object(["type": .string("text"), "text": .string(message)])]),
            "isError": .bool(true),
        ])
    }
}
