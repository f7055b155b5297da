import Foundation
import HTTP
import Testing
import TestSupport

/// Specs/metrics.md is the catalogue: with auth on, /metrics exposes exactly the families it
/// lists, with the types it states, every denial reason from the start, both JWKS results,
/// and passes `promtool check metrics`.
@Suite(.serialized)
struct MetricsCatalogueTests {
    /// `family → type` from the catalogue's tables (first column a family name in backticks,
    /// second column its type).
    static func catalogue() throws -> [String: String] {
        let text = try String(contentsOf: TestEnvironment.repoRoot.appendingPathComponent("Specs/metrics.md"), encoding: .utf8)
        var families: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, cells[0].hasPrefix("`seqthink_") || cells[0].hasPrefix("`process_"),
                  ["counter", "gauge", "histogram"].contains(cells[1]) else { continue }
            families[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1]
        }
        return families
    }

    @Test func authOnExposesExactlyTheCatalogue() async throws {
        let promtool = try TestEnvironment.tool("promtool", package: "prometheus")
        let catalogue = try Self.catalogue()
        #expect(catalogue.count >= 24)
        let directory = try TestEnvironment.temporaryDirectory("seqthink-metrics")
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokens = try SeqThinkTokens(directory: directory)
        let key = try await tokens.newKey("main")
        try AuthPeers.publish(try await tokens.jwks(key: key, kid: "main"), in: directory)
        let jwks = try await JWKSServer.start(directory: directory)
        let capture = LogCapture()
        do {
            try await LiveServer.with(["KACHING_JWKS_URL": jwks.url(), "ACCESS_LOG": "false"], capture: capture) { server in
                try await server.waitForReady()
                _ = try await server.callTool(token: nil, requestID: "no-token")
                let response = try await server.get("/metrics")
                let text = response.text
                var exposed: [String: String] = [:]
                for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
                    let parts = line.split(separator: " ")
                    if parts.count == 4 { exposed[String(parts[2])] = String(parts[3]) }
                }
                #expect(exposed == catalogue, "exposed and catalogued families differ")
                for reason in ["missing_token", "malformed", "unsupported_algorithm", "bad_signature", "unknown_kid",
                               "missing_claim", "expired", "not_yet_valid", "wrong_issuer", "wrong_audience",
                               "insufficient_scope", "no_keys"] {
                    #expect(text.contains("seqthink_policy_denials_total{reason=\"\(reason)\"} \(reason == "missing_token" ? 1 : 0)\n"),
                            "\(reason)")
                }
                #expect(text.contains("seqthink_jwks_refresh_total{result=\"success\"} 1\n"))
                #expect(text.contains("seqthink_jwks_refresh_total{result=\"error\"} 0\n"))
                #expect(text.contains("seqthink_errors_total{stage=\"auth\",reason=\"missing_token\"} 1\n"))
                #expect(text.contains("seqthink_requests_total{route=\"/mcp/tool\",code=\"401\"} 1\n"))

                let file = directory.appendingPathComponent("metrics.txt")
                try response.body.withUnsafeBytes { try Data($0).write(to: file) }
                let check = try await ProcessRunner.run("/bin/sh", ["-c", "\(promtool) check metrics < \(file.path)"])
                #expect(check.status == 0, "promtool: \(check.stdoutText)\(check.stderrText)")
            }
        } catch {
            await jwks.stop()
            throw error
        }
        await jwks.stop()
    }
}
