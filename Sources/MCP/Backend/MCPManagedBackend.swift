// Backends with a life of their own (an HTTP server to probe, a child process to supervise):
// the service starts them before it listens, waits a bounded time for them, and stops them
// after the drain.

/// A backend that must be started and stopped.
public protocol MCPManagedBackend: MCPBackend {
    /// Starts the probe or the child process and returns at once; `status()` reports progress.
    func start() async
    /// Waits until the backend is ready or `timeout` has passed; true when ready.
    func waitUntilReady(timeout: Duration) async -> Bool
    /// Stops probing, fails what is in flight and ends the child process (SIGTERM, then
    /// SIGKILL after `grace`). Returns when all of it is done.
    func shutdown(grace: Duration) async
}

/// A configuration that cannot work (the service refuses to start with this message).
public struct MCPBackendConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension MCPManagedBackend {
    public func waitUntilReady(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if await status() == .ready { return true }
            if ContinuousClock.now >= deadline || Task.isCancelled { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
