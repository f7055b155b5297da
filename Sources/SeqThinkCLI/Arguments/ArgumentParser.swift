/// A small command-line parser shared by every verb.
///
/// Accepted forms: `-o VALUE`, `-o=VALUE`, `--output VALUE`, `--output=VALUE`, a bare boolean
/// flag (`-a`, `--armor`), repeated options, `--` to end options, and `-` as a positional
/// (standard input). Anything else starting with `-` is an error naming the option: we never guess.
public struct ArgumentParser: Sendable {
    public struct Option: Sendable {
        public let names: [String]
        public let takesValue: Bool
        public let help: String
        public let valueName: String

        /// An option with a value, e.g. `.value(["-o", "--output"], "FILE", "write to FILE")`.
        public static func value(_ names: [String], _ valueName: String, _ help: String) -> Option {
            Option(names: names, takesValue: true, help: help, valueName: valueName)
        }

        /// A boolean flag, e.g. `.flag(["-a", "--armor"], "ASCII armor")`.
        public static func flag(_ names: [String], _ help: String) -> Option {
            Option(names: names, takesValue: false, help: help, valueName: "")
        }

        /// The name results are stored under: the longest spelling without dashes.
        public var key: String {
            let longest = names.max { $0.count < $1.count } ?? ""
            return String(longest.drop { $0 == "-" })
        }
    }

    public struct Parsed: Sendable, Equatable {
        /// Values by option key, in command-line order; a flag stores "true".
        public var values: [String: [String]] = [:]
        public var positionals: [String] = []

        public func last(_ key: String) -> String? { values[key]?.last }
        public func all(_ key: String) -> [String] { values[key] ?? [] }
        public func has(_ key: String) -> Bool { values[key] != nil }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownOption(String)
        case missingValue(String)
        case unexpectedValue(String)

        public var description: String {
            switch self {
            case .unknownOption(let name): "unknown option \(name)"
            case .missingValue(let name): "option \(name) needs a value"
            case .unexpectedValue(let name): "option \(name) takes no value"
            }
        }
    }

    public let options: [Option]

    public init(_ options: [Option]) { self.options = options }

    public func parse(_ arguments: [String]) throws(Failure) -> Parsed {
        var parsed = Parsed()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                parsed.positionals.append(contentsOf: arguments[index...])
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                parsed.positionals.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.names.contains(name) }) else {
                throw .unknownOption(name)
            }
            if option.takesValue {
                if let inlineValue {
                    parsed.values[option.key, default: []].append(inlineValue)
                } else if index < arguments.count {
                    parsed.values[option.key, default: []].append(arguments[index])
                    index += 1
                } else {
                    throw .missingValue(name)
                }
            } else {
                guard inlineValue == nil else { throw .unexpectedValue(name) }
                parsed.values[option.key, default: []].append("true")
            }
        }
        return parsed
    }

    /// Option lines for a `--help` text, aligned.
    public func helpLines() -> String {
        let heads = options.map { option in
            option.names.joined(separator: ", ") + (option.takesValue ? " \(option.valueName)" : "")
        }
        let width = min(36, (heads.map(\.count).max() ?? 0) + 2)
        return zip(heads, options).map { head, option in
            let padding = String(repeating: " ", count: max(2, width - head.count))
            return "  \(head)\(padding)\(option.help)"
        }.joined(separator: "\n")
    }
}
