import JWT
import MCP

extension SeqThinkService {
    /// Keeps /ready in step with the MCP backend and the JWKS (checked every second), sends the
    /// legacy streams' keep-alives and expires idle sessions every `keepAliveSeconds`, until the
    /// task is cancelled. Each change of state is logged once.
    static func supervise(mcp: MCPServer, auth: AuthComponents?, readiness: Readiness, logger: Logger) async {
        var lastBackend: MCPBackendStatus?
        var lastJWKS: Bool?
        var sinceKeepAlive = 0.0
        while !Task.isCancelled {
            let status = await mcp.backend.status()
            switch status {
            case .ready: readiness.set("mcp_backend", ready: true, detail: "ready")
            case .starting: readiness.set("mcp_backend", ready: false, detail: "starting")
            case .unavailable(let reason): readiness.set("mcp_backend", ready: false, detail: reason)
            }
            if lastBackend != status {
                logger.info(status == .ready ? "MCP backend ready" : "MCP backend not ready", ["status": .string("\(status)")])
                lastBackend = status
            }
            if let keys = auth?.keys {
                let loaded = keys.isLoaded
                readiness.set("jwks", ready: loaded, detail: loaded ? "loaded" : (keys.lastError ?? "not fetched yet"))
                if lastJWKS != loaded {
                    if loaded {
                        logger.info("JWKS loaded", ["keys": .int(keys.keys?.keys.count ?? 0)])
                    } else {
                        logger.warning("JWKS not loaded: authenticated routes answer 503", ["error": .string(keys.lastError ?? "-")])
                    }
                    lastJWKS = loaded
                }
            }
            if sinceKeepAlive >= mcp.configuration.keepAliveSeconds {
                sinceKeepAlive = 0
                await mcp.sendKeepAlives()
                await mcp.expireIdleSessions()
            }
            try? await Task.sleep(for: .seconds(1))
            sinceKeepAlive += 1
        }
    }
}
