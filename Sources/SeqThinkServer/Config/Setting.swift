import Foundation

/// One configuration variable: its environment name, the `seqthink serve` flag that overrides it,
/// its default and how its value is checked.
///
/// The table in `Setting.all` is the single source for parsing, validation, `serve --help` and the
/// configuration section of the docs: a variable exists exactly when it has a row there.
public struct Setting: Sendable {
    public enum Kind: Sendable {
        case string
        case integer(ClosedRange<Int>)
        case boolean
        case choice([String])
        case url
    }

    /// Environment variable name, e.g. `MAX_BODY_MB`.
    public let name: String
    public let kind: Kind
    /// The default as text, or nil when unset means "off".
    public let defaultValue: String?
    public let help: String

    /// The overriding flag: the variable in lower case with dashes, e.g. `--max-body-mb`.
    public var flag: String { "--" + name.lowercased().replacingOccurrences(of: "_", with: "-") }

    public init(_ name: String, _ kind: Kind, _ defaultValue: String?, _ help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }

    /// Checks `raw` against the kind; returns the normalised text or a message naming the problem.
    public func validate(_ raw: String) -> Result<String, ConfigurationError> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .string:
            return .success(value)
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return .failure(.invalid(name: name, value: raw,
                                         reason: "expected a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return .success(String(number))
        case .boolean:
            switch value.lowercased() {
            case "1", "true", "yes", "on": return .success("true")
            case "0", "false", "no", "off", "": return .success("false")
            default: return .failure(.invalid(name: name, value: raw, reason: "expected true or false"))
            }
        case .choice(let options):
            guard options.contains(value.lowercased()) else {
                return .failure(.invalid(name: name, value: raw,
                                         reason: "expected one of \(options.joined(separator: ", "))"))
            }
            return .success(value.lowercased())
        case .url:
            guard value.hasPrefix("http://") || value.hasPrefix("https://"), value.count > 8 else {
                return .failure(.invalid(name: name, value: raw, reason: "expected an http:// or https:// URL"))
            }
            return .success(value)
        }
    }
}

/// A configuration value that cannot be used: the process exits 2 with this message.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalid(name: String, value: String, reason: String)
    case unknownFlag(String)
    case missingValue(flag: String)
    case inconsistent(String)

    public var description: String {
        switch self {
        case .invalid(let name, let value, let reason):
            return "invalid \(name)=\(value.debugDescription): \(reason)"
        case .unknownFlag(let flag):
            return "unknown option \(flag) (see `seqthink serve --help`)"
        case .missingValue(let flag):
            return "option \(flag) needs a value"
        case .inconsistent(let message):
            return message
        }
    }
}
