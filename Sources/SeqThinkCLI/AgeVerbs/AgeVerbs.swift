import Age
import Crypto
internal import Foundation
internal import Glibc

/// The age-compatible verbs: `seqthink keygen`, `encrypt`, `decrypt` behave like age 1.1.1's
/// `age-keygen`, `age -e` and `age -d` (same flags, output and exit codes: 0 on success, 1
/// with a one-line error on stderr, 2 for flag syntax errors as Go's flag package does).
/// Arguments exclude the verb name; the verbs use stdin, stdout and stderr themselves.
public enum AgeVerbs {
    static let keygenFlags = AgeFlagParser(flags: [
        .init(names: ["o", "output"], takesValue: true),
        .init(names: ["y"], takesValue: false),
        .init(names: ["h", "help"], takesValue: false),
    ])
    static let encryptFlags = AgeFlagParser(flags: [
        .init(names: ["e", "encrypt"], takesValue: false),
        .init(names: ["d", "decrypt"], takesValue: false),
        .init(names: ["r", "recipient"], takesValue: true),
        .init(names: ["R", "recipients-file"], takesValue: true),
        .init(names: ["i", "identity"], takesValue: true),
        .init(names: ["a", "armor"], takesValue: false),
        .init(names: ["p", "passphrase"], takesValue: false),
        .init(names: ["passphrase-file"], takesValue: true),
        .init(names: ["o", "output"], takesValue: true),
        .init(names: ["h", "help"], takesValue: false),
    ])

    static let keygenUsage = "usage: seqthink keygen [-o OUTPUT] | seqthink keygen -y [-o OUTPUT] [INPUT]"
    static let encryptUsage = "usage: seqthink encrypt (-r RECIPIENT | -R PATH)... [-a] [-o OUTPUT] [INPUT], or -p/--passphrase-file FILE instead of -r/-R"
    static let decryptUsage = "usage: seqthink decrypt [-i PATH]... [--passphrase-file FILE] [-o OUTPUT] [INPUT]"

    /// `seqthink keygen [-o FILE]` and `seqthink keygen -y [-o FILE] [INPUT]`.
    public static func keygen(_ args: [String]) -> Int32 {
        run(usage: keygenUsage) {
            let flags = try keygenFlags.parse(args)
            if flags.has("h") { return help(keygenUsage) }
            if flags.has("y") { return try convert(flags) }
            guard flags.positionals.isEmpty else { throw AgeCLIError("too many arguments (\(keygenUsage))") }
            let identity = X25519Identity.generate()
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone.current
            let text = "# created: \(formatter.string(from: Date()))\n# public key: \(identity.recipient.encoded)\n\(identity.encoded)\n"
            let output = AgeCLIOutput(path: flags.last("o"), exclusiveMode: 0o600)
            do {
                try output.write(text)
                try output.finish()
            } catch {
                output.abandon()
                throw error
            }
            if !output.isStdout { printLine("Public key: \(identity.recipient.encoded)", fd: 2) }
            return 0
        }
    }

    /// `keygen -y`: the recipients of an identity file, one a line.
    private static func convert(_ flags: AgeFlagParser.Result) throws -> Int32 {
        guard flags.positionals.count <= 1 else { throw AgeCLIError("too many arguments (\(keygenUsage))") }
        let path = flags.positionals.first ?? "-"
        let identities = try loadIdentities(path)
        let output = AgeCLIOutput(path: flags.last("o"))
        do {
            try output.write(identities.map { $0.recipient.encoded + "\n" }.joined())
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
        return 0
    }

    /// `seqthink encrypt`.
    public static func encrypt(_ args: [String]) -> Int32 {
        run(usage: encryptUsage) {
            let flags = try encryptFlags.parse(args)
            if flags.has("h") { return help(encryptUsage) }
            if flags.has("d") { throw AgeCLIError("-d/--decrypt can't be used with encrypt; use seqthink decrypt") }
            if flags.has("i") { throw AgeCLIError("-i/--identity is not supported by encrypt; use -r or -R") }
            guard flags.positionals.count <= 1 else { throw AgeCLIError("too many INPUT arguments (\(encryptUsage))") }
            try checkStandardInput(flags.all("R") + flags.all("passphrase-file") + [flags.positionals.first ?? "-"])
            var recipients: [any AgeRecipient] = []
            for text in flags.all("r") {
                do { recipients.append(try X25519Recipient(parsing: text)) } catch let error as AgeError {
                    throw AgeCLIError(error.description)
                }
            }
            for path in flags.all("R") {
                let text = try AgeCLIInput.readText(path, what: "recipients file")
                do { recipients += try AgeKeyFile.recipients(parsing: text) } catch let error as AgeError {
                    throw AgeCLIError("failed to parse recipients file \"\(path)\": \(error)")
                }
            }
            if flags.has("p") || flags.has("passphrase-file") {
                guard recipients.isEmpty else { throw AgeCLIError("-p/--passphrase can't be combined with -r/-R") }
                recipients = [try ScryptRecipient(passphrase: AgeCLIInput.passphrase(file: flags.last("passphrase-file"), confirm: true))]
            }
            guard !recipients.isEmpty else {
                throw AgeCLIError("missing recipients: use -r/--recipient, -R/--recipients-file or -p/--passphrase")
            }
            let armor = flags.has("a")
            let output = AgeCLIOutput(path: flags.last("o"))
            if !armor && output.isTerminal {
                throw AgeCLIError("refusing to output binary to the terminal; did you mean to use -a/--armor?")
            }
            let input = try AgeCLIInput.source(flags.positionals.first)
            defer { if input.fd != 0 { close(input.fd) } }
            let writer = AgeCLIBackgroundWriter(sink: output)
            do {
                let encryptor = try AgeEncryptor(recipients: recipients, armor: armor, to: writer)
                var buffer = [UInt8](repeating: 0, count: 256 * 1024)
                while true {
                    let n = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
                    if n == 0 { break }
                    try buffer.withUnsafeBytes { try encryptor.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                }
                try encryptor.finish()
                try writer.finish()
                try output.finish()
            } catch {
                writer.close()
                output.abandon()
                throw error
            }
            return 0
        }
    }

    /// `seqthink decrypt`.
    public static func decrypt(_ args: [String]) -> Int32 {
        run(usage: decryptUsage) {
            let flags = try encryptFlags.parse(args)
            if flags.has("h") { return help(decryptUsage) }
            for (flag, name) in [("r", "-r/--recipient"), ("R", "-R/--recipients-file"), ("a", "-a/--armor"), ("p", "-p/--passphrase")]
            where flags.has(flag) {
                throw AgeCLIError("\(name) can't be used with decrypt")
            }
            guard flags.positionals.count <= 1 else { throw AgeCLIError("too many INPUT arguments (\(decryptUsage))") }
            try checkStandardInput(flags.all("i") + flags.all("passphrase-file") + [flags.positionals.first ?? "-"])
            var identities: [any AgeIdentity] = []
            for path in flags.all("i") { identities += try loadIdentities(path) }
            let input = try AgeCLIInput.source(flags.positionals.first)
            defer { if input.fd != 0 { close(input.fd) } }
            let output = AgeCLIOutput(path: flags.last("o"))
            let writer = AgeCLIBackgroundWriter(sink: output)
            do {
                let decryptor = try AgeDecryptor(from: input)
                if decryptor.stanzaTypes.contains("scrypt") {
                    identities = [ScryptIdentity(passphrase: try AgeCLIInput.passphrase(file: flags.last("passphrase-file"), confirm: false))]
                } else if identities.isEmpty {
                    throw AgeCLIError("missing identity file: use -i/--identity")
                }
                try decryptor.unwrap(with: identities)
                try decryptor.decrypt(to: writer)
                try writer.finish()
                try output.finish()
            } catch {
                writer.close()
                output.abandon()
                throw error
            }
            return 0
        }
    }

    /// Standard input ("-") can feed only one of the input, a key file or a passphrase file.
    static func checkStandardInput(_ paths: [String]) throws {
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw AgeCLIError("standard input is used for multiple purposes")
        }
    }

    /// Identities of one -i file, with the permission warning.
    static func loadIdentities(_ path: String) throws -> [X25519Identity] {
        AgeCLIInput.warnIfExposed(path)
        let text = try AgeCLIInput.readText(path, what: "identity file")
        do { return try AgeKeyFile.identities(parsing: text) } catch let error as AgeError {
            throw AgeCLIError("failed to read identity file \"\(path)\": \(error)")
        }
    }

    /// `-h`: the usage line on stderr, success (as Go's flag package does).
    static func help(_ usage: String) -> Int32 {
        printLine(usage, fd: 2)
        return 0
    }

    /// Runs a verb body, turning every error into one stderr line and an exit status.
    static func run(usage: String, _ body: () throws -> Int32) -> Int32 {
        do {
            return try body()
        } catch let error as AgeFlagParser.Failure {
            printError("\(error) (\(usage))")
            return 2
        } catch let error as AgeCLIError {
            printError(error.message)
            return error.status
        } catch let error as AgeError {
            printError(error.diagnostic)
            return 1
        } catch {
            printError("\(error)")
            return 1
        }
    }

    static func printError(_ message: String, prefix: String = "error") {
        let text = message.hasPrefix("\(prefix): ") ? message : "\(prefix): \(message)"
        printLine("seqthink: \(text)", fd: 2)
    }

    static func printLine(_ text: String, fd: Int32) {
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
