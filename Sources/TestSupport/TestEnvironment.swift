public import Foundation

/// Where the tests find the repository, the shared test vectors and the peers they run.
///
/// Every lookup FAILS (throws) rather than skips when something is missing: a skipped check
/// hides a broken install on the next machine.
public enum TestEnvironment {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The package root, found from this file's path (Sources/TestSupport/…).
    public static let repoRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// `../shared/testdata/<relative>` beside the checkout, as CI lays it out.
    public static func sharedTestdata(_ relative: String) throws -> URL {
        let url = repoRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/testdata")
            .appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "shared test data not found at \(url.path): is ../shared beside the checkout?")
        }
        return url
    }

    /// The absolute path of an executable on PATH; throws naming the Debian package otherwise.
    public static func tool(_ name: String, package: String? = nil) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        for dir in ["/usr/sbin", "/sbin", "/usr/local/sbin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        throw Missing(description: "\(name) is not installed (Debian package \(package ?? name)); `make test` installs it")
    }

    /// The python of `.build/venv-<name>`, made from `requirements` (a path relative to the repo root).
    public static func venvPython(_ name: String, requirements: String) throws -> String {
        let script = repoRoot.appendingPathComponent("scripts/venv.sh").path
        let req = repoRoot.appendingPathComponent(requirements).path
        let result = try ProcessRunner.run("/bin/bash", [script, name, req], timeout: 900)
        guard result.status == 0 else {
            throw Missing(description: "virtualenv \(name) could not be made: \(result.stderrText)")
        }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A fresh temporary directory, removed by the caller with `FileManager.removeItem`.
    public static func temporaryDirectory(_ prefix: String = "seqthink-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `.build/<configuration>/seqthink`, preferring the newest of debug and release.
    public static func seqthinkBinary() throws -> String {
        let candidates = ["debug", "release"].map {
            repoRoot.appendingPathComponent(".build/\($0)/seqthink").path
        }.filter { FileManager.default.isExecutableFile(atPath: $0) }
        let newest = candidates.max { a, b in
            let da = (try? FileManager.default.attributesOfItem(atPath: a)[.modificationDate] as? Date) ?? .distantPast
            let db = (try? FileManager.default.attributesOfItem(atPath: b)[.modificationDate] as? Date) ?? .distantPast
            return da < db
        }
        guard let found = newest else {
            throw Missing(description: "seqthink binary not built: run `swift build` first")
        }
        return found
    }
}
