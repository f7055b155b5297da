public import Foundation

/// Runs a child process to completion with a time limit, feeding stdin and capturing output.
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: Data
        public let stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `executable` with `arguments`; kills it and throws when `timeout` seconds pass.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: Data = Data(),
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        timeout: TimeInterval = 120
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()

        // Read both pipes concurrently so a chatty child cannot fill one and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        // Blocking reads and writes get threads of their own: on Dispatch's global queue they
        // would hold its few threads, and other tests' work would starve behind them.
        group.enter()
        group.enter()
        onThread { out = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        onThread { err = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        onThread {
            try? inPipe.fileHandleForWriting.write(contentsOf: stdin)
            try? inPipe.fileHandleForWriting.close()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
            throw TimedOut(description: "\(executable) \(arguments.joined(separator: " ")) ran past \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// The same, from async code: the blocking wait runs on a thread of its own, so a test that
    /// runs a child never holds one of the cooperative pool's few threads (2 on this machine).
    /// Swift picks this overload in async contexts.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: Data = Data(),
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        timeout: TimeInterval = 120
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            onThread {
                continuation.resume(with: Swift.Result {
                    try run(executable, arguments, stdin: stdin, environment: environment,
                            currentDirectory: currentDirectory, timeout: timeout) as Result
                })
            }
        }
    }

    static func onThread(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 512 << 10
        thread.start()
    }
}
