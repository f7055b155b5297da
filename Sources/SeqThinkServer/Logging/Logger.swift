import JSON
import Foundation
import Synchronization

public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, warning, error

    var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}

public enum LogFormat: String, Sendable { case json, text }

/// One line per event on stderr, JSON by default.
///
/// Callers pass fields as explicit key/value pairs: nothing is logged that was not named, so a
/// token, a key or a plaintext body can only reach the log by someone writing it out by hand.
/// Each line is written with one `write(2)`, so lines from many threads never interleave.
public struct Logger: Sendable {
    public let level: LogLevel
    public let format: LogFormat
    private let sink: @Sendable (String) -> Void

    public init(level: LogLevel, format: LogFormat, sink: (@Sendable (String) -> Void)? = nil) {
        self.level = level
        self.format = format
        self.sink = sink ?? Logger.stderrSink
    }

    /// A logger that drops everything (tests that do not look at logs).
    public static let silent = Logger(level: .error, format: .json, sink: { _ in })

    public func isEnabled(_ candidate: LogLevel) -> Bool { candidate >= level }

    public func debug(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.debug, message(), fields)
    }
    public func info(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.info, message(), fields)
    }
    public func warning(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.warning, message(), fields)
    }
    public func error(_ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        log(.error, message(), fields)
    }

    public func log(_ lineLevel: LogLevel, _ message: @autoclosure () -> String, _ fields: KeyValuePairs<String, LogValue>) {
        guard isEnabled(lineLevel) else { return }
        sink(render(lineLevel, message(), Array(fields)))
    }

    func render(_ lineLevel: LogLevel, _ message: String, _ fields: [(key: String, value: LogValue)]) -> String {
        let timestamp = Logger.timestamp()
        switch format {
        case .json:
            var line = "{\"ts\":\"\(timestamp)\",\"level\":\"\(lineLevel.rawValue)\",\"msg\":"
            JSONQuoting.appendQuoted(message, to: &line)
            for (key, value) in fields {
                line += ","
                JSONQuoting.appendQuoted(key, to: &line)
                line += ":"
                value.appendJSON(to: &line)
            }
            line += "}\n"
            return line
        case .text:
            var line = "\(timestamp) \(lineLevel.rawValue.uppercased()) \(message)"
            for (key, value) in fields { line += " \(key)=\(value.text)" }
            line += "\n"
            return line
        }
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = now.tv_nsec / 1_000_000
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(millis), 3))Z"
    }

    static let stderrSink: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 {
                    if written < 0, errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// A value in a log line. Only these kinds exist, so a log call states what it records.
public enum LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }

    var text: String {
        switch self {
        case .string(let value): value.contains(" ") ? value.debugDescription : value
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        }
    }

    func appendJSON(to line: inout String) {
        switch self {
        case .string(let value): JSONQuoting.appendQuoted(value, to: &line)
        case .int(let value): line += String(value)
        case .double(let value): line += value.isFinite ? String(value) : "null"
        case .bool(let value): line += value ? "true" : "false"
        }
    }
}
