/// The one access line per answered request, written by Egress and, for what the HTTP layer
/// answers itself, by the listener: the same fields everywhere (`sub` and `scopes` are "-"
/// before AuthGate has run). Off with `ACCESS_LOG=false` or above info level. Never a token or
/// a body: only the fields below.
struct AccessLog: Sendable {
    let logger: Logger
    let enabled: Bool

    init(logger: Logger, enabled: Bool) {
        self.logger = logger
        self.enabled = enabled && logger.isEnabled(.info)
    }

    func record(requestID: String, method: String, route: Route, status: Int, bytes: Int,
                duration: Duration, remote: String, principal: Principal?, error: String?) {
        guard enabled else { return }
        logger.info("request", [
            "requestId": .string(requestID),
            "method": .string(method),
            "route": .string(route.label),
            "status": .int(status),
            "bytes": .int(bytes),
            "durationMs": .double(duration.milliseconds),
            "remote": .string(remote),
            "sub": .string(principal?.subject ?? "-"),
            "scopes": .string(principal?.scopes.joined(separator: " ") ?? "-"),
            "error": .string(error ?? "-"),
        ])
    }
}
