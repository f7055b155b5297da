@testable import Pipeline
import Testing

struct ProcessMetricsTests {
    @Test func processMetricsArePlausible() async throws {
        let registry = MetricsRegistry()
        registry.registerProcessMetrics()
        let text = await registry.render()
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            values[String(parts[0])] = Double(parts[1])
        }
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
                     "process_open_fds", "process_max_fds", "process_start_time_seconds"] {
            let value = try #require(values[name], "\(name) missing from\n\(text)")
            #expect(value > 0, "\(name) = \(value)")
        }
        // Started after 2020 and not in the future.
        let start = try #require(values["process_start_time_seconds"])
        #expect(start > 1_577_836_800)
        #expect(values["process_resident_memory_bytes"]! < values["process_virtual_memory_bytes"]!)
    }

    @Test func statParsingCountsFieldsAfterTheLastParenthesis() {
        let line = "1234 (we ird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 9000 104857600 2560 18446744073709551615\n"
        let stat = ProcessMetrics.parseStat(line, ticksPerSecond: 100)
        #expect(stat == ProcessMetrics.Stat(cpuSeconds: 3, startTimeTicks: 9000, virtualBytes: 104_857_600, residentPages: 2560))
        #expect(ProcessMetrics.parseStat("garbage", ticksPerSecond: 100) == nil)
        #expect(ProcessMetrics.parseStat("1 (x) S 1 2", ticksPerSecond: 100) == nil)
    }

    @Test func limitsAndBootTimeParse() {
        let limits = """
            Limit                     Soft Limit           Hard Limit           Units
            Max open files            1024                 524288               files
            """
        #expect(ProcessMetrics.parseMaxFiles(limits) == 1024)
        #expect(ProcessMetrics.parseMaxFiles("Max open files unlimited unlimited files") == .infinity)
        #expect(ProcessMetrics.parseBootTime("cpu 1 2 3\nbtime 1764720000\nprocesses 5\n") == 1_764_720_000)
        #expect(ProcessMetrics.parseBootTime("cpu 1") == nil)
    }
}
