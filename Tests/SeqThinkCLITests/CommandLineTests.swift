import Foundation
import Testing
import TestSupport

/// The binary as a user meets it: help, version, and exit 2 with a message naming the bad value.
@Suite struct CommandLineTests {
    func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run(try TestEnvironment.seqthinkBinary(), arguments, environment: environment, timeout: 30)
    }

    @Test func helpAndVersionExitZero() async throws {
        let help = try await run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdoutText.contains("seqthink [serve] [OPTIONS]"))
        let serveHelp = try await run(["serve", "--help"])
        #expect(serveHelp.status == 0)
        #expect(serveHelp.stdoutText.contains("--max-body-mb VALUE (MAX_BODY_MB)"))
        let version = try await run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdoutText.hasPrefix("seqthink "))
    }

    @Test(arguments: [
        (["serve", "--port", "70000"], [String: String](), "PORT"),
        (["serve"], ["MAX_BODY_MB": "-4"], "MAX_BODY_MB"),
        (["serve", "--no-such-flag", "1"], [:], "--no-such-flag"),
        (["serve", "--port"], [:], "--port"),
        (["frobnicate"], [:], "frobnicate"),
    ])
    func badValuesExitTwoNamingTheProblem(arguments: [String], environment: [String: String], needle: String) async throws {
        let result = try await run(arguments, environment: environment)
        #expect(result.status == 2)
        #expect(result.stderrText.contains(needle), "\(result.stderrText)")
        #expect(result.stderrText.split(separator: "\n").count == 1)
    }

    @Test func productionModeRefusesToStartWithoutKeys() async throws {
        let result = try await run(["serve", "--port", "0"], environment: ["SEQTHINK_MODE": "production"])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("KACHING_JWKS_URL"))
    }
}
