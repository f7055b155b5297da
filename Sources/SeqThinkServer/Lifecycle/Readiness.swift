import JSON
import Synchronization

/// What /ready reports: every component that must be ready, and whether shutdown has begun.
///
/// Components register once at startup (not ready until they say so); a component's detail is
/// a short operator-facing reason, never a secret.
public final class Readiness: Sendable {
    private struct State {
        var components: [String: (ready: Bool, detail: String)] = [:]
        var order: [String] = []
        var shuttingDown = false
    }

    private let state = Mutex(State())

    public init() {}

    public func register(_ component: String, ready: Bool = false, detail: String) {
        state.withLock {
            if $0.components[component] == nil { $0.order.append(component) }
            $0.components[component] = (ready, detail)
        }
    }

    public func set(_ component: String, ready: Bool, detail: String) {
        register(component, ready: ready, detail: detail)
    }

    /// Whether one component is ready (false when unknown).
    public func isReady(_ component: String) -> Bool {
        state.withLock { $0.components[component]?.ready ?? false }
    }

    public func beginShutdown() { state.withLock { $0.shuttingDown = true } }

    public var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Ready, and the reasons it is not (shutdown first, then components in registration order).
    public func evaluate() -> (ready: Bool, missing: [String]) {
        state.withLock { state in
            var missing: [String] = []
            if state.shuttingDown { missing.append("shutdown: in progress") }
            for name in state.order {
                if let component = state.components[name], !component.ready {
                    missing.append("\(name): \(component.detail)")
                }
            }
            return (missing.isEmpty, missing)
        }
    }

    /// The /ready body: `{"status":"ready"}` or `{"status":"not_ready","missing":[…]}`.
    public func body() -> (status: Int, json: [UInt8]) {
        let (ready, missing) = evaluate()
        if ready { return (200, Array("{\"status\":\"ready\"}".utf8)) }
        var text = "{\"status\":\"not_ready\",\"missing\":["
        text += missing.map { JSONQuoting.quoted($0) }.joined(separator: ",")
        text += "]}"
        return (503, Array(text.utf8))
    }
}
