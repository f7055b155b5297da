import MCP

extension SeqThinkService {
    /// The MCP core with the configured backend: the embedded engine, an HTTP MCP server on
    /// loopback (MCP_LOCAL=http://…) or a child process on stdio (MCP_LOCAL=stdio:…).
    func makeMCPServer() throws -> MCPServer {
        let config = configuration
        var mcp = MCPConfiguration()
        mcp.serverVersion = BuildInfo.version
        mcp.maxThoughtsPerSession = config.maxThoughtsPerSession
        mcp.maxSessions = config.maxSessions
        mcp.sessionTTLSeconds = Double(config.sessionTTLSeconds)
        mcp.maxThoughtBytes = config.maxThoughtBytes
        // With encryption on, thoughts are what the keys protect: they never reach a log line.
        // Thoughts are logged at debug only: below that level the engine skips formatting them
        // (the boxed log line cost a formatted copy of every thought per call).
        mcp.disableThoughtLogging = config.disableThoughtLogging || config.encryptionEnabled
            || !self.logger.isEnabled(.debug)
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
        case .http(let url):
            var settings = HTTPBackend.Configuration(url: url)
            settings.timeout = .seconds(config.mcpTimeoutSeconds)
            settings.maximumConnections = config.stageWorkers
            settings.maximumSessions = config.maxSessions
            settings.allowRemote = config.mcpAllowRemote
            settings.clientVersion = BuildInfo.version
            do {
                let backend = try HTTPBackend(configuration: settings, logger: mcpLogger)
                return MCPServer(configuration: mcp, backend: backend, logger: mcpLogger)
            } catch {
                throw StartupError(error.description)
            }
        case .stdio(let commandLine):
            var settings = StdioBackend.Configuration(commandLine: commandLine)
            settings.timeout = .seconds(config.mcpTimeoutSeconds)
            settings.startupTimeout = .seconds(max(1, config.mcpStartupTimeoutSeconds))
            settings.clientVersion = BuildInfo.version
            do {
                let backend = try StdioBackend(configuration: settings, logger: mcpLogger)
                return MCPServer(configuration: mcp, backend: backend, logger: mcpLogger)
            } catch {
                throw StartupError(error.description)
            }
        }
    }

    /// Starts an external backend and waits up to MCP_STARTUP_TIMEOUT_S for it before the
    /// listener opens; past that the service listens anyway, /ready stays 503 and MCP calls get
    /// 502 until the backend comes up.
    func startBackend(_ mcp: MCPServer, readiness: Readiness) async {
        guard let managed = mcp.backend as? any MCPManagedBackend else { return }
        await managed.start()
        let wait = configuration.mcpStartupTimeoutSeconds
        if await managed.waitUntilReady(timeout: .seconds(wait)) {
            // Tell /ready now rather than at the supervisor's next tick.
            readiness.set("mcp_backend", ready: true, detail: "ready")
            logger.info("MCP backend ready", ["backend": .string("\(configuration.mcpBackend)")])
        } else {
            logger.warning("MCP backend not ready after MCP_STARTUP_TIMEOUT_S; serving, /ready answers 503 until it is", [
                "backend": .string("\(configuration.mcpBackend)"), "waitedSeconds": .int(wait),
                "status": .string("\(await managed.status())"),
            ])
        }
    }

    /// Stops an external backend after the drain (a child gets SIGTERM, then SIGKILL after `grace`).
    func stopBackend(_ mcp: MCPServer, grace: Duration) async {
        guard let managed = mcp.backend as? any MCPManagedBackend else { return }
        await managed.shutdown(grace: grace)
    }

    /// What is left of SHUTDOWN_GRACE_S for the backend, at least 1 s and at most 10 s.
    static func backendGrace(until deadline: ContinuousClock.Instant) -> Duration {
        let left = ContinuousClock.now.duration(to: deadline)
        return min(max(left, .seconds(1)), .seconds(10))
    }
}
