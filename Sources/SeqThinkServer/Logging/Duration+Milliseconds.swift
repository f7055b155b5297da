extension Duration {
    /// Milliseconds as a Double, for the `durationMs` field of log lines. (Histograms take the
    /// Duration itself: `Histogram.observe(_: Duration)`.)
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
