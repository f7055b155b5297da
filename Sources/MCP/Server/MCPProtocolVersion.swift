import JSON

// The protocol revisions served, and how an initialize request's version is answered
// (2025-11-25 basic/lifecycle "Version Negotiation": echo a supported version, otherwise offer
// the newest the server supports).

/// Protocol revisions and negotiation.
public enum MCPProtocolVersion {
    /// Handshake-era revisions served, newest first.
    public static let handshake = ["2025-11-25", "2025-06-18"]
    /// Stateless revisions served, newest first.
    public static let stateless = ["2026-07-28"]
    /// Everything served, newest first (server/discover, UnsupportedProtocolVersion data).
    public static let all = stateless + handshake
    /// Every handshake-era revision that exists, served or not: a header naming one of these
    /// marks a handshake-era client rather than an unknown future one.
    static let knownHandshake: Set<String> = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]

    /// The version to answer an initialize request that asked for `requested`.
    public static func negotiate(_ requested: String?) -> String {
        if let requested, handshake.contains(requested) { return requested }
        return handshake[0]
    }
}
