import MCP

extension SeqThinkService {
    /// The MCP core with the configured backend (only the embedded engine in this build).
    func makeMCPServer() throws -> MCPServer {
        let config = configuration
        var mcp = MCPConfiguration()
        mcp.serverVersion = BuildInfo.version
        mcp.maxThoughtsPerSession = config.maxThoughtsPerSession
        mcp.maxSessions = config.maxSessions
        mcp.sessionTTLSeconds = Double(config.sessionTTLSeconds)
        mcp.maxThoughtBytes = config.maxThoughtBytes
        // With encryption on, thoughts are what the keys protect: they never reach a log line.
        mcp.disableThoughtLogging = config.disableThoughtLogging || config.encryptionEnabled
        mcp.sessionsEnabled = config.mcpSessions
        mcp.allowedOrigins = config.allowedOrigins
        let logger = self.logger
        let mcpLogger: MCPLogger = { level, message in
            switch level {
            case .debug: logger.debug(message, ["component": "mcp"])
            case .info: logger.info(message, ["component": "mcp"])
            case .warning: logger.warning(message, ["component": "mcp"])
            case .error: logger.error(message, ["component": "mcp"])
            }
        }
        if let backendOverride {
            return MCPServer(configuration: mcp, backend: backendOverride, logger: mcpLogger)
        }
        switch config.mcpBackend {
        case .embedded:
            return MCPServer.embedded(configuration: mcp, logger: mcpLogger)
        case .http, .stdio:
            throw StartupError("MCP_LOCAL=\(config.mcpBackend): external MCP backends are not available in this build yet")
        }
    }
}
