// Transport sessions: Mcp-Session-Id sessions (Streamable HTTP, handshake era) and legacy SSE
// sessions, in one bounded table.
//
// Ownership: one Mutex; no await while it is held. A session is created by initialize (or by
// opening a legacy SSE stream), touched by every request, and removed by DELETE, by the SSE
// stream closing, by idling past SESSION_TTL_S (Mcp-Session-Id sessions only: a legacy SSE
// session lives exactly as long as its open stream), or by LRU eviction at MAX_SESSIONS.
// Removal hands back what was removed so the caller can finish streams and tell the backend.

import Synchronization

/// State of one transport session.
struct MCPSessionState: Sendable {
    enum Kind: Sendable { case streamable, legacySSE(any MCPEventSink) }
    var kind: Kind
    /// Negotiated by initialize; nil until then (legacy SSE before its initialize).
    var protocolVersion: String?
    var initialized = false
    var lastUsed: Double
    /// Who created the session; only the same principal may use it.
    var principal: String? = nil

    /// Whether idling past the TTL ends the session (a legacy SSE session ends with its stream).
    var expires: Bool {
        if case .streamable = kind { return true }
        return false
    }
}

final class MCPSessionRegistry: Sendable {
    private struct State {
        var sessions: [String: MCPSessionState] = [:]
        var lastSweep: Double
    }

    private let state: Mutex<State>
    private let clock: MCPClock
    private let maxSessions: Int
    private let ttl: Double

    init(configuration: MCPConfiguration, clock: MCPClock) {
        self.clock = clock
        self.maxSessions = max(1, configuration.maxSessions)
        self.ttl = configuration.sessionTTLSeconds
        self.state = Mutex(State(lastSweep: clock.now()))
    }

    /// Adds a session under a fresh id; returns the id and the sessions evicted or expired to make room.
    func create(_ kind: MCPSessionState.Kind, protocolVersion: String?, principal: String?) -> (id: String, removed: [(String, MCPSessionState)]) {
        let now = clock.now()
        return state.withLock { state in
            var removed = sweep(&state, now: now, force: state.sessions.count >= maxSessions)
            if state.sessions.count >= maxSessions,
               let oldest = state.sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                removed.append((oldest.key, oldest.value))
                state.sessions[oldest.key] = nil
            }
            var id = MCPSessionID.make()
            while state.sessions[id] != nil { id = MCPSessionID.make() }
            state.sessions[id] = MCPSessionState(kind: kind, protocolVersion: protocolVersion, lastUsed: now, principal: principal)
            return (id, removed)
        }
    }

    /// The live session `id` (touched), or nil when unknown, ended, expired, or owned by
    /// another principal (indistinguishable from unknown, so ids cannot be probed).
    func lookup(_ id: String, principal: String?) -> MCPSessionState? {
        let now = clock.now()
        return state.withLock { state in
            guard var session = state.sessions[id], session.principal == principal else { return nil }
            guard !session.expires || now - session.lastUsed <= ttl else {
                state.sessions[id] = nil
                return nil
            }
            session.lastUsed = now
            state.sessions[id] = session
            return session
        }
    }

    /// Updates a live session.
    func update(_ id: String, _ change: (inout MCPSessionState) -> Void) {
        state.withLock { state in
            guard var session = state.sessions[id] else { return }
            change(&session)
            state.sessions[id] = session
        }
    }

    /// Removes `id`; false when it was not there.
    @discardableResult
    func remove(_ id: String) -> MCPSessionState? {
        state.withLock { $0.sessions.removeValue(forKey: id) }
    }

    /// Expires idle sessions now; returns what was removed.
    func expire() -> [(String, MCPSessionState)] {
        let now = clock.now()
        return state.withLock { sweep(&$0, now: now, force: true) }
    }

    var count: Int { state.withLock { $0.sessions.count } }

    /// Every legacy SSE sink (for keep-alives).
    func legacySinks() -> [(String, any MCPEventSink)] {
        state.withLock { state in
            state.sessions.compactMap { id, session in
                if case .legacySSE(let sink) = session.kind { return (id, sink) }
                return nil
            }
        }
    }

    private func sweep(_ state: inout State, now: Double, force: Bool) -> [(String, MCPSessionState)] {
        guard force || now - state.lastSweep >= min(ttl, 60) else { return [] }
        state.lastSweep = now
        let expired = state.sessions.filter { $0.value.expires && now - $0.value.lastUsed > ttl }
        for id in expired.keys { state.sessions[id] = nil }
        return expired.map { ($0.key, $0.value) }
    }
}
