import JSON

// Where MCP_LOCAL=http://… points, and whether that is loopback. The gateway forwards
// plaintext MCP (tool arguments, results) to this address, so by default only the loopback
// interface is accepted: a sidecar in the same task or pod. MCP_ALLOW_REMOTE=true lifts it.

internal import Glibc

struct HTTPBackendEndpoint: Sendable, Equatable {
    let url: String
    let host: String

    init(url: String, allowRemote: Bool) throws(MCPBackendConfigurationError) {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw MCPBackendConfigurationError("MCP_LOCAL=\(url): an HTTP backend URL must start with http:// or https://")
        }
        let rest = url[url.index(url.firstIndex(of: ":")!, offsetBy: 3)...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else {
            throw MCPBackendConfigurationError("MCP_LOCAL=\(url): credentials in the URL are not supported")
        }
        var host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw MCPBackendConfigurationError("MCP_LOCAL=\(url): unterminated IPv6 address")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || (after.hasPrefix(":") && Self.isPort(after.dropFirst())) else {
                throw MCPBackendConfigurationError("MCP_LOCAL=\(url): bad port")
            }
        } else {
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw MCPBackendConfigurationError("MCP_LOCAL=\(url): bad host") }
            host = parts[0]
            if parts.count == 2, !Self.isPort(parts[1]) {
                throw MCPBackendConfigurationError("MCP_LOCAL=\(url): bad port")
            }
        }
        guard !host.isEmpty else { throw MCPBackendConfigurationError("MCP_LOCAL=\(url): no host") }
        if !allowRemote, !Self.isLoopback(String(host)) {
            throw MCPBackendConfigurationError(
                "MCP_LOCAL=\(url): host \(host) is not loopback; the gateway sends plaintext MCP to its backend, so only 127.0.0.0/8, ::1 and localhost are allowed unless MCP_ALLOW_REMOTE=true")
        }
        self.url = url
        self.host = String(host)
    }

    private static func isPort(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
              let value = Int(text) else { return false }
        return (1...65535).contains(value)
    }

    /// 127.0.0.0/8, ::1, ::ffff:127.x.y.z, or the name localhost.
    static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" || host.lowercased() == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return true }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF, bytes[12] == 127 { return true }
        }
        return false
    }
}
