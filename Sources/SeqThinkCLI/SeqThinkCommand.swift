import Foundation
import SeqThinkServer

/// The `seqthink` executable: one binary, one verb a run.
///
///     seqthink [serve] [--flag VALUE]...   the gateway (the default verb)
///     seqthink keygen | encrypt | decrypt  age-compatible tools
///     seqthink token | jwks                RS256 test tokens and their JWKS
///     seqthink --help | --version
public enum SeqThinkCommand {
    /// Exit codes: 0 success, 1 a failure of the work itself, 2 a usage or configuration error.
    public static func main(_ arguments: [String]) async -> Int32 {
        guard let first = arguments.first else { return await ServeVerb.run([]) }
        switch first {
        case "-h", "--help", "help":
            print(usage)
            return 0
        case "-V", "--version", "version":
            print("seqthink \(BuildInfo.version)")
            return 0
        case "serve":
            return await ServeVerb.run(Array(arguments.dropFirst()))
        default:
            if first.hasPrefix("-") { return await ServeVerb.run(arguments) }
            if let verb = verbs[first] { return await verb(Array(arguments.dropFirst())) }
            printError("seqthink: unknown command \(first.debugDescription) (see `seqthink --help`)")
            return 2
        }
    }

    /// Verbs other than `serve`, by name. Each takes the arguments after its name.
    static let verbs: [String: @Sendable ([String]) async -> Int32] = [
        "keygen": { AgeVerbs.keygen($0) },
        "encrypt": { AgeVerbs.encrypt($0) },
        "decrypt": { AgeVerbs.decrypt($0) },
        "bench-age": { AgeVerbs.benchAge($0) },
        "token": { JWTVerbs.token($0) },
        "jwks": { JWTVerbs.jwks($0) },
        "call": { await CallVerb.run($0) },
    ]

    static let usage = """
        seqthink \(BuildInfo.version): an MCP gateway for the sequential-thinking tool.

        Usage:
          seqthink [serve] [OPTIONS]        run the gateway (see `seqthink serve --help`)
          seqthink keygen [-o FILE]         make an age X25519 identity (as age-keygen)
          seqthink keygen -y [FILE]         print the recipients of an identity file
          seqthink encrypt [-r R]... [-R FILE]... [-p] [-a] [-o OUT] [IN]
                                            encrypt with age (as `age -e`)
          seqthink decrypt [-i FILE]... [-o OUT] [IN]
                                            decrypt with age (as `age -d`)
          seqthink token --key PEM --kid KID [--sub S] [--scope S] [--iss I] [--aud A] [--ttl SECONDS]
                                            print a signed RS256 token (development, load tests)
          seqthink token --new-key FILE     write a fresh 2048-bit RSA private key (mode 0600)
          seqthink jwks --key PEM --kid KID print the JWKS holding the key's public half
          seqthink call URL [--tool NAME] [--args JSON | --args-file F] [--token T | --token-file F]
                        [--recipient R | --recipient-file F] [-i IDENTITY] [--lz4]
                                            one encrypted tool call through a gateway (`call --help`)
          seqthink --version                print the version
          seqthink --help                   print this text

        Every `serve` option also reads from its environment variable (PORT for --port, …).
        Exit codes: 0 success, 1 failure, 2 usage or configuration error.
        """
}

/// Writes one line to standard error.
public func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
