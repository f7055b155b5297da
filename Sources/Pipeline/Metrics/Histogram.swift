// Recording takes one uncontended Mutex per observation, or one per batch through an
// Accumulator that a single worker owns and merges; scraping copies the state under the same
// Mutex, so a scrape sees whole observations (a bucket count and its sum always agree).

import Synchronization

/// A fixed-bucket histogram rendered as cumulative `_bucket{le=...}`, `_sum` and `_count`.
public final class Histogram: Sendable {
    struct State {
        var counts: [UInt64]   // per bucket, NOT cumulative; the last one is +Inf
        var sum = 0.0
        var count: UInt64 = 0
    }

    /// Upper bounds, strictly increasing, without +Inf.
    public let bounds: [Double]
    private let state: Mutex<State>

    init(bounds: [Double]) {
        Buckets.validate(bounds)
        self.bounds = bounds
        state = Mutex(State(counts: Array(repeating: 0, count: bounds.count + 1)))
    }

    /// Records one value (seconds, for the latency buckets).
    public func observe(_ value: Double) {
        let index = Self.bucketIndex(of: value, in: bounds)
        state.withLock { state in
            state.counts[index] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Records a duration in seconds.
    public func observe(_ duration: Duration) { observe(duration.seconds) }

    /// A private accumulator for one worker, merged with `merge(_:)` once per batch.
    public func makeAccumulator() -> Accumulator { Accumulator(bounds: bounds) }

    /// Adds everything in `accumulator` under one lock and empties it.
    public func merge(_ accumulator: inout Accumulator) {
        guard accumulator.count > 0 else { return }
        precondition(accumulator.bounds == bounds, "accumulator made by another histogram")
        state.withLock { state in
            for index in state.counts.indices { state.counts[index] += accumulator.counts[index] }
            state.sum += accumulator.sum
            state.count += accumulator.count
        }
        accumulator.reset()
    }

    /// A consistent copy: per-bucket counts (last is +Inf), sum and count.
    var snapshot: State { state.withLock { $0 } }

    /// Observations so far.
    public var count: UInt64 { state.withLock { $0.count } }

    /// Sum of the observed values.
    public var sum: Double { state.withLock { $0.sum } }

    /// The first bucket whose bound is >= value (`le` is inclusive); NaN lands in +Inf.
    @inlinable
    static func bucketIndex(of value: Double, in bounds: [Double]) -> Int {
        var low = 0, high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if value <= bounds[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Observations buffered by one worker (not thread-safe: keep it local to a task).
    public struct Accumulator {
        @usableFromInline let bounds: [Double]
        @usableFromInline var counts: [UInt64]
        @usableFromInline var sum = 0.0
        @usableFromInline var count: UInt64 = 0

        init(bounds: [Double]) {
            self.bounds = bounds
            counts = Array(repeating: 0, count: bounds.count + 1)
        }

        @inlinable
        public mutating func observe(_ value: Double) {
            counts[Histogram.bucketIndex(of: value, in: bounds)] += 1
            sum += value
            count += 1
        }

        @inlinable
        public mutating func observe(_ duration: Duration) { observe(duration.seconds) }

        mutating func reset() {
            for index in counts.indices { counts[index] = 0 }
            sum = 0
            count = 0
        }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    @inlinable
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
