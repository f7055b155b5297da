/// The metrics of one pipeline stage: how long it spends on a message, how long a message
/// waited in the channel in front of it, and how many messages it holds right now.
///
/// `MetricsRegistry.stageMetrics(stage:queue:)` registers the standard families
/// `<prefix>stage_duration_seconds`, `stage_queue_wait_seconds`, `stage_inflight`,
/// `stage_queue_depth` and `stage_queue_capacity`, all labelled `{stage}`.
public struct StageMetrics: Sendable {
    public let stage: String
    /// Service time of one message.
    public let duration: Histogram
    /// Time from `send` on the stage's input channel to the stage taking the message.
    public let queueWait: Histogram
    /// Messages taken off the queue and not finished yet.
    public let inflight: Gauge

    public init(stage: String, duration: Histogram, queueWait: Histogram, inflight: Gauge) {
        self.stage = stage
        self.duration = duration
        self.queueWait = queueWait
        self.inflight = inflight
    }
}

extension MetricsRegistry {
    /// Registers (or finds) the stage families and returns this stage's children; the queue depth
    /// and capacity gauges read `queue` at scrape time.
    public nonisolated func stageMetrics<Element>(stage: String, queue: BoundedChannel<Element>,
                                                  prefix: String = "seqthink_",
                                                  buckets: [Double] = Buckets.latency) -> StageMetrics {
        stageMetrics(stage: stage, queues: [queue], prefix: prefix, buckets: buckets)
    }

    /// The same for a stage fed by several channels (one per pipeline shard): the depth and
    /// capacity gauges are their sums. Call it once per stage name.
    public nonisolated func stageMetrics<Element>(stage: String, queues: [BoundedChannel<Element>],
                                                  prefix: String = "seqthink_",
                                                  buckets: [Double] = Buckets.latency) -> StageMetrics {
        let duration = histogram("\(prefix)stage_duration_seconds",
                                 help: "Time a stage spends on one message.",
                                 labelNames: ["stage"], buckets: buckets)
        let queueWait = histogram("\(prefix)stage_queue_wait_seconds",
                                  help: "Time a message waits in the channel in front of a stage.",
                                  labelNames: ["stage"], buckets: buckets)
        let inflight = gauge("\(prefix)stage_inflight",
                             help: "Messages a stage has taken from its queue and not finished.",
                             labelNames: ["stage"])
        callback("\(prefix)stage_queue_depth", help: "Messages waiting in the channel in front of a stage.",
                 labels: ["stage": stage]) { Double(queues.reduce(0) { $0 + $1.count }) }
        let capacity = Double(queues.reduce(0) { $0 + $1.capacity })
        callback("\(prefix)stage_queue_capacity", help: "Capacity of the channel in front of a stage.",
                 labels: ["stage": stage]) { capacity }
        return StageMetrics(stage: stage, duration: duration.labels(stage), queueWait: queueWait.labels(stage),
                            inflight: inflight.labels(stage))
    }
}
