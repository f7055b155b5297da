import Foundation
import SeqThinkServer

/// `seqthink serve`: resolves the configuration from flags and the environment, then runs the
/// service until SIGTERM or SIGINT.
enum ServeVerb {
    static func run(_ arguments: [String]) async -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(
                environment: ProcessInfo.processInfo.environment,
                flags: try flags(from: arguments))
        } catch {
            printError("seqthink serve: \(error)")
            return 2
        }
        do {
            try await SeqThinkService(configuration: configuration).run()
            return 0
        } catch {
            printError("seqthink serve: \(error)")
            return 1
        }
    }

    /// Maps `--max-body-mb 8` / `--max-body-mb=8` to `MAX_BODY_MB: "8"`; a bare boolean flag
    /// (`--access-log`) means true.
    static func flags(from arguments: [String]) throws(ConfigurationError) -> [String: String] {
        let parser = ArgumentParser(Setting.all.map { .value([$0.flag], "VALUE", $0.help) })
        let parsed: ArgumentParser.Parsed
        do {
            parsed = try parser.parse(normaliseBareBooleans(arguments))
        } catch {
            switch error {
            case .unknownOption(let name): throw .unknownFlag(name)
            case .missingValue(let name), .unexpectedValue(let name): throw .missingValue(flag: name)
            }
        }
        if let stray = parsed.positionals.first {
            throw .unknownFlag(stray)
        }
        var flags: [String: String] = [:]
        for setting in Setting.all {
            if let value = parsed.last(String(setting.flag.dropFirst(2))) { flags[setting.name] = value }
        }
        return flags
    }

    /// `--access-log` followed by another option (or nothing) becomes `--access-log=true`.
    static func normaliseBareBooleans(_ arguments: [String]) -> [String] {
        let booleans = Set(Setting.all.filter { if case .boolean = $0.kind { true } else { false } }.map(\.flag))
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if booleans.contains(argument), next == nil || next!.hasPrefix("--") {
                result.append(argument + "=true")
            } else {
                result.append(argument)
            }
        }
        return result
    }

    static var help: String {
        var lines = [
            "Usage: seqthink serve [OPTIONS]",
            "",
            "Runs the gateway. Each option overrides its environment variable; defaults in brackets.",
            "",
        ]
        let width = (Setting.all.map { $0.flag.count + $0.name.count }.max() ?? 0) + 12
        for setting in Setting.all {
            let head = "  \(setting.flag) VALUE (\(setting.name))"
            let padding = String(repeating: " ", count: max(2, width - head.count))
            let fallback = setting.defaultValue.map { " [\($0)]" } ?? ""
            lines.append(head + padding + setting.help + fallback)
        }
        return lines.joined(separator: "\n")
    }
}
