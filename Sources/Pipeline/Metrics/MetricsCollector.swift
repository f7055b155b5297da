/// Anything the registry asks for families at scrape time.
protocol MetricsCollector: Sendable {
    func collect() -> [FamilySnapshot]
}
