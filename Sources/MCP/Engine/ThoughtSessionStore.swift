// Where per-session thought history lives. The in-memory store is the embedded default; a
// shared store (Redis) can replace it so every replica sees the same history (PIPELINE.md,
// "Scaling out"). The engine only ever talks to this protocol.

/// What the engine reports back after recording a thought.
public struct ThoughtHistorySummary: Sendable, Equatable {
    /// Thoughts in the session's history (at most MAX_THOUGHTS_PER_SESSION).
    public var historyLength: Int
    /// Branch ids, in JavaScript `Object.keys` order (array-index keys ascending, then insertion order).
    public var branches: [String]

    public init(historyLength: Int, branches: [String]) {
        self.historyLength = historyLength
        self.branches = branches
    }
}

/// Keyed, bounded storage of thought histories.
public protocol ThoughtSessionStore: Sendable {
    /// Appends `thought` to the history of `session` (creating it), and returns the history's
    /// length and branches afterwards.
    func append(_ thought: ThoughtInput, to session: String) async throws -> ThoughtHistorySummary
    /// Forgets a session's history (its transport session ended).
    func removeSession(_ session: String) async
    /// Sessions currently held.
    func sessionCount() async -> Int
}

/// The id of the history that stateless (2026-07-28) calls and `/mcp/tool` share.
public let defaultThoughtSession = "default"
