import Age
internal import Glibc

// Ownership: an AgeCLIOutput owns the descriptor of the -o file it opens (never stdout's) and
// closes it in finish() or abandon(). The file is opened lazily, on the first write or in
// finish(), so a failure before any output leaves an existing file untouched; abandon()
// removes a file it created or truncated, so a partial output never looks complete.

/// Where a verb writes its result: standard output or the `-o` file.
final class AgeCLIOutput: AgeByteSink {
    private let path: String?
    private let exclusiveMode: mode_t?
    private var fd: Int32 = -1
    private var sink: AgeFileDescriptorSink?
    private var wroteToStdout = false

    /// `path` nil or "-" is standard output. `exclusiveMode` creates a new file with that mode
    /// and refuses an existing one (keygen's key file, 0600).
    init(path: String?, exclusiveMode: mode_t? = nil) {
        self.path = path == "-" ? nil : path
        self.exclusiveMode = exclusiveMode
    }

    var isStdout: Bool { path == nil }

    /// True when the result would go to a terminal.
    var isTerminal: Bool { path == nil && isatty(1) == 1 }

    private func open() throws -> AgeFileDescriptorSink {
        if let sink { return sink }
        guard let path else {
            let s = AgeFileDescriptorSink(fd: 1)
            sink = s
            return s
        }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusiveMode == nil ? O_TRUNC : O_EXCL)
        let descriptor = Glibc.open(path, flags, exclusiveMode ?? 0o666)
        guard descriptor >= 0 else {
            throw AgeCLIError("failed to open output file \"\(path)\": \(String(cString: strerror(errno)))")
        }
        fd = descriptor
        let s = AgeFileDescriptorSink(fd: descriptor)
        sink = s
        return s
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try open().write(bytes)
    }

    func write(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { try write($0) }
    }

    /// Makes sure the output exists (even if empty) and closes the file.
    func finish() throws {
        _ = try open()
        if fd >= 0 {
            let status = close(fd)
            fd = -1
            guard status == 0 else { throw AgeCLIError("failed to close output file: \(String(cString: strerror(errno)))") }
        }
    }

    /// After a failure: closes and removes the -o file if this run opened it.
    func abandon() {
        guard fd >= 0, let path else { return }
        close(fd)
        fd = -1
        unlink(path)
    }
}
