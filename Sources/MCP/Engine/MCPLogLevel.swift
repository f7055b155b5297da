// Logging seam: the MCP module never prints; it hands lines to the service's logger.

/// Log levels the MCP module emits at.
public enum MCPLogLevel: Int, Sendable, Comparable {
    case debug, info, warning, error

    public static func < (a: MCPLogLevel, b: MCPLogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Where the MCP module logs: the lead wires the service logger here.
public typealias MCPLogger = @Sendable (MCPLogLevel, String) -> Void
