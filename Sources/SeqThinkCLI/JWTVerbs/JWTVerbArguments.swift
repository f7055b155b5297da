/// A small flag parser for the `token` and `jwks` verbs: `--name value` or `--name=value`,
/// each flag at most once, only the flags the verb declares. (The shared CLI parser may
/// replace it.)
struct JWTVerbArguments {
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    private var values: [String: String] = [:]

    init(_ arguments: [String], allowed: Set<String>) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else { throw UsageError(description: "unexpected argument \(argument)") }
            var name = String(argument.dropFirst(2))
            var value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                index += 1
                guard index < arguments.count else { throw UsageError(description: "--\(name) needs a value") }
                value = arguments[index]
            }
            guard allowed.contains(name) else { throw UsageError(description: "unknown flag --\(name)") }
            guard values.updateValue(value, forKey: name) == nil else { throw UsageError(description: "--\(name) given twice") }
            index += 1
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name], !value.isEmpty else { throw UsageError(description: "--\(name) is required") }
        return value
    }

    var count: Int { values.count }
}
