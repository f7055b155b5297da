import Age
import Crypto
internal import Foundation
internal import Glibc

/// Opening inputs, reading key files and passphrases for the age verbs.
enum AgeCLIInput {
    /// The INPUT argument as a byte source ("-" or nothing is standard input).
    static func source(_ path: String?) throws -> AgeFileDescriptorSource {
        guard let path, path != "-" else { return AgeFileDescriptorSource(fd: 0) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw AgeCLIError("failed to open input file \"\(path)\": \(String(cString: strerror(errno)))")
        }
        return AgeFileDescriptorSource(fd: fd)
    }

    /// The text of a key file ("-" reads standard input), bounded to 16 MiB.
    static func readText(_ path: String, what: String) throws -> String {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw AgeCLIError("failed to open \(what) \"\(path)\": \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        let source = AgeFileDescriptorSource(fd: fd)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            bytes += buffer[0..<n]
            guard bytes.count <= 16 << 20 else { throw AgeCLIError("\(what) \"\(path)\" is too large") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Warns when an identity file is readable by group or others.
    static func warnIfExposed(_ path: String) {
        guard path != "-" else { return }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o044 != 0 else { return }
        let mode = String(info.st_mode & 0o777, radix: 8)
        AgeVerbs.printError("warning: identity file \"\(path)\" is readable by group or others (mode 0\(mode)); run chmod 600 on it", prefix: "warning")
    }

    /// The passphrase from `--passphrase-file`, or else from the terminal.
    static func passphrase(file path: String?, confirm: Bool) throws -> SecureBytes {
        var bytes = try path.map { try passphrase(file: $0) }
            ?? passphraseFromTerminal(prompt: "Enter passphrase: ", confirm: confirm)
        defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        return SecureBytes(copying: bytes)
    }

    /// The first line of a passphrase file.
    static func passphrase(file path: String) throws -> [UInt8] {
        var text = try readText(path, what: "passphrase file")
        if let newline = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) { text = String(text[..<newline]) }
        if text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw AgeCLIError("passphrase file \"\(path)\" is empty") }
        return Array(text.utf8)
    }

    /// Reads a passphrase from the terminal with echo off.
    static func passphraseFromTerminal(prompt: String, confirm: Bool) throws -> [UInt8] {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else {
            throw AgeCLIError("a passphrase is needed but there is no terminal: use --passphrase-file FILE")
        }
        defer { close(tty) }
        func ask(_ text: String) throws -> [UInt8] {
            _ = Array(text.utf8).withUnsafeBytes { Glibc.write(tty, $0.baseAddress, $0.count) }
            var saved = termios()
            let hasTermios = tcgetattr(tty, &saved) == 0
            if hasTermios {
                var quiet = saved
                quiet.c_lflag &= ~tcflag_t(ECHO)
                tcsetattr(tty, TCSANOW, &quiet)
            }
            defer {
                if hasTermios { tcsetattr(tty, TCSANOW, &saved) }
                _ = Glibc.write(tty, "\n", 1)
            }
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while Glibc.read(tty, &byte, 1) == 1, byte != 10, line.count < 4096 { line.append(byte) }
            if line.last == 13 { line.removeLast() }
            return line
        }
        let first = try ask(prompt)
        guard !first.isEmpty else { throw AgeCLIError("empty passphrase") }
        if confirm {
            guard try ask("Confirm passphrase: ") == first else { throw AgeCLIError("passphrases didn't match") }
        }
        return first
    }
}
