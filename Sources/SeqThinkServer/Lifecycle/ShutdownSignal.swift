import Dispatch
import Foundation
import Synchronization

/// SIGTERM and SIGINT as an awaitable event. The signals are ignored by the default handler and
/// delivered through dispatch sources instead, so the runner can drain rather than die. A second
/// signal while draining is logged by the runner, not fatal: Swarm sends SIGKILL after its own
/// stop_grace_period anyway.
final class ShutdownSignal: Sendable {
    private struct State {
        var fired: String?
        var waiters: [CheckedContinuation<String, Never>] = []
    }

    private let state = Mutex(State())
    private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

    init(installHandlers: Bool = true) {
        guard installHandlers else { return }
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.trigger(name) }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// Resolves every waiter with `name`; later triggers are ignored.
    func trigger(_ name: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<String, Never>] in
            guard state.fired == nil else { return [] }
            state.fired = name
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: name) }
    }

    /// Suspends until a signal (or `trigger`) arrives; returns its name.
    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state -> String? in
                if let fired = state.fired { return fired }
                state.waiters.append(continuation)
                return nil
            }
            if let fired { continuation.resume(returning: fired) }
        }
    }
}
