// The stage shapes PipelineBenchmark compares; all forward a BenchMessage to `next`.

struct ForwardStage: Stage {
    let next: BoundedChannel<BenchMessage>
    let work: Duration

    func process(_ input: BenchMessage) async {
        spin(work)
        try? await next.send(input)
    }
}

actor IsolatedForwardStage: Stage {
    let next: BoundedChannel<BenchMessage>
    let work: Duration
    private var processed = 0

    init(next: BoundedChannel<BenchMessage>, work: Duration) {
        self.next = next
        self.work = work
    }

    func process(_ input: BenchMessage) async {
        processed += 1
        spin(work)
        try? await next.send(input)
    }
}

/// Each stage an actor that drains its own channel; `receive` and `send` are
/// nonisolated(nonsending), so they run on the actor without hopping.
actor LoopStage {
    let input: BoundedChannel<BenchMessage>
    let next: BoundedChannel<BenchMessage>
    let work: Duration
    private var processed = 0

    init(input: BoundedChannel<BenchMessage>, next: BoundedChannel<BenchMessage>, work: Duration) {
        self.input = input
        self.next = next
        self.work = work
    }

    func run(batchSize: Int) async {
        while true {
            let batch = await input.receive(upTo: batchSize)
            if batch.isEmpty { return }
            for message in batch {
                processed += 1
                spin(work)
                try? await next.send(message)
            }
        }
    }
}

/// The rejected design: one actor owns every stage's numbers and each message sends it a record.
actor BenchMetricsActor {
    private var counts: [Int]
    private var durations: [Double]

    init(stages: Int) {
        counts = Array(repeating: 0, count: stages)
        durations = Array(repeating: 0, count: stages)
    }

    func record(stage: Int, duration: Duration) {
        counts[stage] += 1
        durations[stage] += duration.seconds
    }
}

struct ActorRecordingStage: Stage {
    let index: Int
    let next: BoundedChannel<BenchMessage>
    let work: Duration
    let recorder: BenchMetricsActor

    func process(_ input: BenchMessage) async {
        let started = ContinuousClock.now
        spin(work)
        try? await next.send(input)
        await recorder.record(stage: index, duration: started.duration(to: .now))
    }
}
