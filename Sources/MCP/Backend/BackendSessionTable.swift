import JSON

// Gateway session -> backend session, opened once however many calls arrive together, bounded
// (least recently used evicted), never holding its lock across an await.

internal import Synchronization

final class BackendSessionTable<Value: Sendable & Equatable>: Sendable {
    private enum Slot {
        case open(Value)
        case opening(Task<Value, any Error>, token: Int)
    }

    private struct Entry {
        var slot: Slot
        var lastUse: Int
    }

    private enum Found { case value(Value), wait(Task<Value, any Error>, Int) }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock = 0
        var nextToken = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { state.withLock { $0.entries.count } }

    /// The value for `key`, opening it with `open` when absent (concurrent callers share one
    /// opening; a failed opening is forgotten so the next call tries again). Also returns the
    /// values evicted to stay within capacity, for the caller to close.
    func get(_ key: String, open: @escaping @Sendable () async throws(MCPBackendError) -> Value)
        async throws(MCPBackendError) -> (Value, evicted: [Value]) {
        let found = state.withLock { state -> Found in
            state.clock += 1
            if var entry = state.entries[key] {
                entry.lastUse = state.clock
                state.entries[key] = entry
                switch entry.slot {
                case .open(let value): return .value(value)
                case .opening(let task, let token): return .wait(task, token)
                }
            }
            state.nextToken += 1
            let token = state.nextToken
            let task = Task<Value, any Error> { try await open() }
            state.entries[key] = Entry(slot: .opening(task, token: token), lastUse: state.clock)
            return .wait(task, token)
        }
        switch found {
        case .value(let value):
            return (value, [])
        case .wait(let task, let token):
            let result = await task.result
            switch result {
            case .success(let value):
                let evicted = state.withLock { state -> [Value] in
                    if case .opening(_, let current)? = state.entries[key]?.slot, current == token {
                        state.entries[key]?.slot = .open(value)
                    }
                    return evict(&state)
                }
                return (value, evicted)
            case .failure(let error):
                state.withLock { state in
                    if case .opening(_, let current)? = state.entries[key]?.slot, current == token {
                        state.entries[key] = nil
                    }
                }
                throw (error as? MCPBackendError) ?? .unavailable("\(error)")
            }
        }
    }

    /// Forgets `key` if it still maps to `value` (the backend lost that session).
    func invalidate(_ key: String, ifStill value: Value) {
        state.withLock { state in
            if case .open(let current)? = state.entries[key]?.slot, current == value { state.entries[key] = nil }
        }
    }

    /// Removes `key`, returning its open value.
    func remove(_ key: String) -> Value? {
        state.withLock { state -> Value? in
            guard let entry = state.entries.removeValue(forKey: key) else { return nil }
            if case .open(let value) = entry.slot { return value }
            return nil
        }
    }

    /// Removes everything, returning the open values.
    func removeAll() -> [Value] {
        state.withLock { state -> [Value] in
            defer { state.entries = [:] }
            return state.entries.values.compactMap { if case .open(let value) = $0.slot { value } else { nil } }
        }
    }

    private func evict(_ state: inout State) -> [Value] {
        var evicted: [Value] = []
        while state.entries.count > capacity {
            var oldest: (key: String, use: Int, value: Value)?
            for (key, entry) in state.entries {
                guard case .open(let value) = entry.slot else { continue }
                if oldest == nil || entry.lastUse < oldest!.use { oldest = (key, entry.lastUse, value) }
            }
            guard let oldest else { break }
            state.entries[oldest.key] = nil
            evicted.append(oldest.value)
        }
        return evicted
    }
}
