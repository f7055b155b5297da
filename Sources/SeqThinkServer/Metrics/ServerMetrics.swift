import Pipeline

/// TEMPORARY: the service's metrics facade; the Prometheus families land with the Pipeline metrics.
final class ServerMetrics: Sendable {
    init(workers: Int) {}
    func register(channels: [StageName: BoundedChannel<Exchange>], openConnections: @escaping @Sendable () -> Int) {}
    func requestCompleted(route: Route, status: Int, duration: Duration) {}
    func stageError(_ stage: StageName, reason: String) {}
    func stageStarted(_ stage: StageName, queueWait: Duration) {}
    func stageFinished(_ stage: StageName, duration: Duration) {}
    func shed() {}
    func policyDenied(reason: String) {}
    func connectionAccepted() {}
    func connectionRejected() {}
    func render() async -> String { "" }
}
