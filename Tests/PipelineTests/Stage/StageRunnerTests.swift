@testable import Pipeline
import Synchronization
import Testing

/// Forwards each input to `next` (the backpressure point), optionally after passing a gate.
private struct ForwardingStage: Stage {
    let next: BoundedChannel<Int>
    let gate: BoundedChannel<Void>?

    func process(_ input: Int) async {
        if let gate { _ = await gate.receive() }
        try? await next.send(input)
    }
}

/// An actor stage whose isolated `process` owns its state: correct, and serialised.
private actor CountingStage: Stage {
    private(set) var seen: [Int] = []
    func process(_ input: Int) async { seen.append(input) }
}

struct StageRunnerTests {
    @Test func workersProcessEveryElementOnceAndRecordMetrics() async throws {
        let registry = MetricsRegistry()
        let input = BoundedChannel<Int>(capacity: 8)
        let output = BoundedChannel<Int>(capacity: 1_000)
        let metrics = registry.stageMetrics(stage: "forward", queue: input)
        let runner = StageRunner(name: "forward", stage: ForwardingStage(next: output, gate: nil),
                                 input: input, workers: 3, batchSize: 4, metrics: metrics)
        let running = Task { await runner.run() }
        for value in 0..<500 { try await input.send(value) }
        input.finish()
        await running.value
        output.finish()
        var received: [Int] = []
        while let value = await output.receive() { received.append(value) }
        #expect(received.sorted() == Array(0..<500))
        #expect(metrics.duration.count == 500)
        #expect(metrics.queueWait.count == 500)
        #expect(metrics.inflight.value == 0)
        let text = await registry.render()
        #expect(text.contains("seqthink_stage_duration_seconds_count{stage=\"forward\"} 500\n"))
        #expect(text.contains("seqthink_stage_queue_capacity{stage=\"forward\"} 8\n"))
        #expect(text.contains("seqthink_stage_queue_depth{stage=\"forward\"} 0\n"))
    }

    @Test func heldStageFillsItsQueueAndSuspendsTheSenderUntilReleased() async throws {
        let registry = MetricsRegistry()
        let gate = BoundedChannel<Void>(capacity: 100)
        let input = BoundedChannel<Int>(capacity: 2)
        let output = BoundedChannel<Int>(capacity: 100)
        let metrics = registry.stageMetrics(stage: "held", queue: input)
        let runner = StageRunner(name: "held", stage: ForwardingStage(next: output, gate: gate),
                                 input: input, workers: 1, batchSize: 1, metrics: metrics)
        let running = Task { await runner.run() }
        // One element in the worker (held at the gate), two in the queue, the fourth sender parks.
        let producer = Task { for value in 0..<4 { try await input.send(value) } }
        #expect(await eventually { input.suspendedSenders == 1 && input.count == 2 && metrics.inflight.value == 1 })
        #expect(output.count == 0)
        for _ in 0..<4 { _ = gate.trySend(()) }
        try await producer.value
        input.finish()
        await running.value
        #expect(await output.receive(upTo: 10) == [0, 1, 2, 3])
    }

    @Test func actorStageIsSerialisedAndSeesEveryElement() async throws {
        let stage = CountingStage()
        let input = BoundedChannel<Int>(capacity: 4)
        let runner = StageRunner(name: "count", stage: stage, input: input, workers: 2, optionalMetrics: nil)
        let running = Task { await runner.run() }
        for value in 0..<100 { try await input.send(value) }
        input.finish()
        await running.value
        #expect(await stage.seen.sorted() == Array(0..<100))
    }

    @Test func cancellingTheRunnerStopsItsWorkers() async {
        let input = BoundedChannel<Int>(capacity: 4)
        let runner = StageRunner(name: "idle", stage: CountingStage(), input: input, workers: 4, optionalMetrics: nil)
        let running = Task { await runner.run() }
        try? await Task.sleep(for: .milliseconds(5))
        running.cancel()
        await running.value
        #expect(input.trySend(1) == .enqueued)
    }

    @Test func chainedStagesDeliverEverythingInProcess() async throws {
        let channels = (0..<4).map { _ in BoundedChannel<Int>(capacity: 3) }
        let runners = (0..<3).map { index in
            StageRunner(name: "s\(index)", stage: ForwardingStage(next: channels[index + 1], gate: nil),
                        input: channels[index], workers: 2, batchSize: 4, optionalMetrics: nil)
        }
        // Shut down in order: when a stage's runner returns, finish the channel after it.
        let pipeline = Task {
            await withDiscardingTaskGroup { group in
                for (index, runner) in runners.enumerated() {
                    group.addTask {
                        await runner.run()
                        channels[index + 1].finish()
                    }
                }
            }
        }
        let sink = Task {
            var all: [Int] = []
            while true {
                let batch = await channels[3].receive(upTo: 8)
                if batch.isEmpty { return all }
                all += batch
            }
        }
        for value in 0..<1_000 { try await channels[0].send(value) }
        channels[0].finish()
        await pipeline.value
        #expect(await sink.value.sorted() == Array(0..<1_000))
    }
}
