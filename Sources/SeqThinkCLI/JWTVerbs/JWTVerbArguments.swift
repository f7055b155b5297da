/// The flags of the `token` and `jwks` verbs, read with the shared `ArgumentParser`:
/// `--name value` or `--name=value`, each flag at most once, only the flags the verb declares.
struct JWTVerbArguments {
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    private var values: [String: String] = [:]

    init(_ arguments: [String], allowed: Set<String>) throws(UsageError) {
        let parser = ArgumentParser(allowed.sorted().map { .value(["--\($0)"], "VALUE", "") })
        let parsed: ArgumentParser.Parsed
        do {
            parsed = try parser.parse(arguments)
        } catch {
            throw UsageError(description: error.description)
        }
        if let stray = parsed.positionals.first { throw UsageError(description: "unexpected argument \(stray)") }
        for (name, given) in parsed.values {
            guard given.count == 1 else { throw UsageError(description: "--\(name) given twice") }
            values[name] = given[0]
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name], !value.isEmpty else { throw UsageError(description: "--\(name) is required") }
        return value
    }

    var count: Int { values.count }
}
