/// The flag syntax of the age tools (Go's `flag` package): `-x`, `--x`, `-x value`,
/// `-x=value`, `--long value`, `--long=value`; `--` ends the flags; a lone `-` is a
/// positional argument (standard input). Flags may also follow positional arguments.
struct AgeFlagParser {
    /// One accepted flag, under all its names.
    struct Flag {
        let names: [String]
        let takesValue: Bool
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case unknown(String)
        case missingValue(String)
        case unexpectedValue(String)

        var description: String {
            switch self {
            case .unknown(let flag): return "flag provided but not defined: \(flag)"
            case .missingValue(let flag): return "flag needs an argument: \(flag)"
            case .unexpectedValue(let flag): return "flag does not take a value: \(flag)"
            }
        }
    }

    /// Flags seen, in order, keyed by their first name (so -o and --output are one flag).
    struct Result: Equatable {
        var values: [(name: String, value: String?)] = []
        var positionals: [String] = []

        static func == (a: Result, b: Result) -> Bool {
            a.positionals == b.positionals && a.values.map(\.name) == b.values.map(\.name)
                && a.values.map(\.value) == b.values.map(\.value)
        }

        func has(_ name: String) -> Bool { values.contains { $0.name == name } }
        /// Every value of a repeatable flag, in order.
        func all(_ name: String) -> [String] { values.filter { $0.name == name }.compactMap(\.value) }
        /// The last value of a flag (later ones win, as in Go).
        func last(_ name: String) -> String? { all(name).last }
    }

    let flags: [Flag]

    func parse(_ arguments: [String]) throws -> Result {
        var result = Result()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result.positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                result.positionals.append(argument)
                continue
            }
            var body = Substring(argument.dropFirst(argument.hasPrefix("--") ? 2 : 1))
            var inline: String?
            if let eq = body.firstIndex(of: "=") {
                inline = String(body[body.index(after: eq)...])
                body = body[..<eq]
            }
            guard let flag = flags.first(where: { $0.names.contains(String(body)) }) else {
                throw Failure.unknown(argument)
            }
            let name = flag.names[0]
            if flag.takesValue {
                if let inline {
                    result.values.append((name, inline))
                } else {
                    guard index < arguments.count else { throw Failure.missingValue(argument) }
                    result.values.append((name, arguments[index]))
                    index += 1
                }
            } else {
                // Go accepts -flag=true/false for booleans.
                if let inline {
                    guard ["true", "false", "1", "0"].contains(inline) else { throw Failure.unexpectedValue(argument) }
                    if inline == "true" || inline == "1" { result.values.append((name, nil)) }
                } else {
                    result.values.append((name, nil))
                }
            }
        }
        return result
    }
}
