internal import Foundation

/// Where a request goes: scheme, host, port and request target, from an absolute URL.
struct HTTPClientEndpoint: Sendable, Hashable {
    let isTLS: Bool
    /// The host without IPv6 brackets, for resolution and certificate checks.
    let host: String
    let port: Int
    let pathAndQuery: String

    /// The pool key: connections are shared only for the same scheme, host and port.
    var poolKey: String { "\(isTLS ? "https" : "http")://\(hostHeader)" }

    var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port == (isTLS ? 443 : 80) ? bracketed : "\(bracketed):\(port)"
    }

    init(url: String) throws(HTTPClientError) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host, !host.isEmpty
        else { throw .invalidURL(url) }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { throw .invalidURL(url) }
        isTLS = scheme == "https"
        self.host = host
        port = components.port ?? (isTLS ? 443 : 80)
        guard (1...65535).contains(port) else { throw .invalidURL(url) }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        pathAndQuery = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }
}
