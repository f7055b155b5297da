// The standard process_* family read from /proc at scrape time (Linux only):
//   /proc/self/stat    utime, stime (clock ticks), starttime (ticks after boot), vsize, rss (pages)
//   /proc/stat         btime (boot, seconds since the epoch)
//   /proc/self/fd      one entry per open descriptor
//   /proc/self/limits  "Max open files" soft limit
// A file that cannot be read or parsed drops its metrics from the scrape instead of failing it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Collects `process_cpu_seconds_total`, `process_resident_memory_bytes`,
/// `process_virtual_memory_bytes`, `process_open_fds`, `process_max_fds`,
/// `process_start_time_seconds`.
public struct ProcessMetrics: Sendable {
    struct Stat: Equatable {
        var cpuSeconds: Double
        var startTimeTicks: Double
        var virtualBytes: Double
        var residentPages: Double
    }

    public init() {}

    /// Parses /proc/self/stat. The command name (field 2) may hold spaces and parentheses, so
    /// fields are counted from the LAST ')'.
    static func parseStat(_ text: String, ticksPerSecond: Double) -> Stat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        // After ')': field 3 (state) is index 0, so field N is index N - 3.
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        func field(_ number: Int) -> Double? {
            let index = number - 3
            return index < fields.count ? Double(fields[index].trimmingSuffixNewline) : nil
        }
        guard let utime = field(14), let stime = field(15), let start = field(22),
              let vsize = field(23), let rss = field(24), ticksPerSecond > 0 else { return nil }
        return Stat(cpuSeconds: (utime + stime) / ticksPerSecond, startTimeTicks: start, virtualBytes: vsize, residentPages: rss)
    }

    /// The `btime` line of /proc/stat.
    static func parseBootTime(_ text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count).trimmingSuffixNewline)
        }
        return nil
    }

    /// The soft limit on the "Max open files" line of /proc/self/limits ("unlimited" is +Inf).
    static func parseMaxFiles(_ text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let columns = line.dropFirst("Max open files".count).split(separator: " ", omittingEmptySubsequences: true)
            guard let soft = columns.first else { return nil }
            return soft == "unlimited" ? .infinity : Double(soft)
        }
        return nil
    }

    static func openDescriptorCount() -> Double? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        // The directory stream itself holds one descriptor while we count.
        return Double(Swift.max(0, count - 1))
    }

    /// Reads a whole (size-less) /proc file; nil if it cannot be opened. Bounded to 64 KiB.
    static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension ProcessMetrics: MetricsCollector {
    func collect() -> [FamilySnapshot] {
        func family(_ name: String, _ help: String, _ type: MetricType, _ value: Double?) -> FamilySnapshot? {
            guard let value else { return nil }
            return FamilySnapshot(name: name, help: help, type: type,
                                  samples: [.init(suffix: "", labels: [], value: Exposition.format(value))])
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let stat = Self.readProcFile("/proc/self/stat").flatMap { Self.parseStat($0, ticksPerSecond: ticks) }
        let boot = Self.readProcFile("/proc/stat").flatMap(Self.parseBootTime)
        let start = stat.flatMap { stat in boot.map { $0 + stat.startTimeTicks / ticks } }
        return [
            family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", .counter, stat?.cpuSeconds),
            family("process_resident_memory_bytes", "Resident memory size in bytes.", .gauge,
                   stat.map { $0.residentPages * pageSize }),
            family("process_virtual_memory_bytes", "Virtual memory size in bytes.", .gauge, stat?.virtualBytes),
            family("process_open_fds", "Number of open file descriptors.", .gauge, Self.openDescriptorCount()),
            family("process_max_fds", "Maximum number of open file descriptors.", .gauge,
                   Self.readProcFile("/proc/self/limits").flatMap(Self.parseMaxFiles)),
            family("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", .gauge, start),
        ].compactMap { $0 }
    }
}

extension MetricsRegistry {
    /// Adds the standard `process_*` metrics, read from /proc at every scrape.
    public nonisolated func registerProcessMetrics() {
        register(collector: ProcessMetrics(), key: "process_*")
    }
}

private extension Substring {
    var trimmingSuffixNewline: Substring {
        var text = self
        while text.last == "\n" || text.last == " " { text = text.dropLast() }
        return text
    }
}
