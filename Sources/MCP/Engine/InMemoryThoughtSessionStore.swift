// The embedded history store.
//
// Ownership: all state sits in one Mutex; no method suspends while holding it, and each call
// does O(1) work except (a) evicting the least recently used session when MAX_SESSIONS is
// reached and (b) the periodic sweep of expired sessions, both O(sessions) and both rare.
// Memory is bounded: at most `maxSessions` sessions, each a counter plus at most
// `maxBranchesPerSession` branch ids of at most `maxBranchIDBytes` bytes. Thought text is
// logged (debug) but not retained: nothing the reference returns ever reads it back.

import Synchronization

/// Per-session thought histories in process memory.
public final class InMemoryThoughtSessionStore: ThoughtSessionStore {
    struct History {
        var length = 0
        var branches = BranchKeys()
        var lastUsed: Double
    }

    struct State {
        var histories: [String: History] = [:]
        var lastSweep: Double
    }

    private let state: Mutex<State>
    private let clock: MCPClock
    private let maxThoughts: Int
    private let maxSessions: Int
    private let maxBranches: Int
    private let ttl: Double

    public init(configuration: MCPConfiguration, clock: MCPClock = .system) {
        self.clock = clock
        self.maxThoughts = max(1, configuration.maxThoughtsPerSession)
        self.maxSessions = max(1, configuration.maxSessions)
        self.maxBranches = max(1, configuration.maxBranchesPerSession)
        self.ttl = configuration.sessionTTLSeconds
        self.state = Mutex(State(lastSweep: clock.now()))
    }

    public func append(_ thought: ThoughtInput, to session: String) async throws -> ThoughtHistorySummary {
        let now = clock.now()
        return state.withLock { state in
            sweepIfDue(&state, now: now)
            var history: History
            if let existing = state.histories[session], now - existing.lastUsed <= ttl {
                history = existing
            } else {
                state.histories[session] = nil
                if state.histories.count >= maxSessions { evictLeastRecentlyUsed(&state) }
                history = History(lastUsed: now)
            }
            history.length = min(history.length + 1, maxThoughts)
            if let branch = thought.recordedBranch { history.branches.insert(branch, limit: maxBranches) }
            history.lastUsed = now
            state.histories[session] = history
            return ThoughtHistorySummary(historyLength: history.length, branches: history.branches.javaScriptOrder)
        }
    }

    public func removeSession(_ session: String) async {
        _ = state.withLock { $0.histories.removeValue(forKey: session) }
    }

    public func sessionCount() async -> Int {
        let now = clock.now()
        return state.withLock { state in
            sweepIfDue(&state, now: now)
            return state.histories.count
        }
    }

    private func sweepIfDue(_ state: inout State, now: Double) {
        guard now - state.lastSweep >= min(ttl, 60) else { return }
        state.lastSweep = now
        state.histories = state.histories.filter { now - $0.value.lastUsed <= ttl }
    }

    private func evictLeastRecentlyUsed(_ state: inout State) {
        guard let oldest = state.histories.min(by: { $0.value.lastUsed < $1.value.lastUsed }) else { return }
        state.histories[oldest.key] = nil
    }
}
