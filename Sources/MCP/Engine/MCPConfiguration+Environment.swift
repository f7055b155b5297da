// Reading the MCP knobs from the environment, for the lead's configuration loader. Unknown or
// absent variables keep their defaults; a malformed value is an error naming the variable
// (never silently ignored: a typo in MAX_SESSIONS must not leave the bound at its default).

extension MCPConfiguration {
    /// A variable that could not be read.
    public struct InvalidSetting: Error, Sendable, Equatable, CustomStringConvertible {
        public let variable: String
        public let value: String
        public let expected: String
        public var description: String { "\(variable)=\(value.prefix(64)): expected \(expected)" }
    }

    /// This configuration with the MCP variables of `environment` applied:
    /// MAX_THOUGHTS_PER_SESSION, MAX_SESSIONS, SESSION_TTL_S, DISABLE_THOUGHT_LOGGING (as the
    /// reference: "true" in any case disables), MAX_THOUGHT_BYTES, MCP_SESSIONS (true|false),
    /// MCP_ALLOWED_ORIGINS (comma-separated, "*" for any).
    public func applying(environment: [String: String]) throws(InvalidSetting) -> MCPConfiguration {
        var c = self
        func positive(_ name: String) throws(InvalidSetting) -> Int? {
            guard let raw = environment[name] else { return nil }
            guard let value = Int(raw.trimmingSpaces), value > 0 else {
                throw InvalidSetting(variable: name, value: raw, expected: "a positive integer")
            }
            return value
        }
        if let v = try positive("MAX_THOUGHTS_PER_SESSION") { c.maxThoughtsPerSession = v }
        if let v = try positive("MAX_SESSIONS") { c.maxSessions = v }
        if let v = try positive("SESSION_TTL_S") { c.sessionTTLSeconds = Double(v) }
        if let v = try positive("MAX_THOUGHT_BYTES") { c.maxThoughtBytes = v }
        if let raw = environment["DISABLE_THOUGHT_LOGGING"] {
            c.disableThoughtLogging = raw.lowercased() == "true"
        }
        if let raw = environment["MCP_SESSIONS"] {
            switch raw.lowercased() {
            case "true", "on", "1": c.sessionsEnabled = true
            case "false", "off", "0": c.sessionsEnabled = false
            default: throw InvalidSetting(variable: "MCP_SESSIONS", value: raw, expected: "true or false")
            }
        }
        if let raw = environment["MCP_ALLOWED_ORIGINS"] {
            c.allowedOrigins = raw.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
        }
        return c
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return Substring(s)
    }
}
