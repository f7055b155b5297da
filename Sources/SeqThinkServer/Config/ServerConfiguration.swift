import Foundation

/// The service's configuration, resolved from the environment and `seqthink serve` flags
/// (a flag wins over its variable; see `Setting.all` for every name and default).
public struct ServerConfiguration: Sendable {
    public enum Mode: String, Sendable { case dev, production }
    public enum MCPBackendKind: Sendable, Equatable {
        case embedded
        case http(String)
        case stdio(String)
    }

    public var mode: Mode
    public var bind: String
    public var port: Int
    public var logLevel: LogLevel
    public var logFormat: LogFormat
    public var accessLog: Bool
    public var maxBodyBytes: Int
    public var maxConnections: Int
    public var headerTimeoutSeconds: Int
    public var idleTimeoutSeconds: Int
    public var eventLoops: Int
    public var stageQueueDepth: Int
    public var stageWorkers: Int
    /// STAGE_EXECUTOR=loops: one pipeline per event loop, run on its thread; pool: one on Swift's pool.
    public var stageWorkersOnLoops: Bool
    public var overloadWaitMilliseconds: Int
    public var shutdownDelaySeconds: Int
    public var shutdownGraceSeconds: Int
    public var mcpBackend: MCPBackendKind
    public var mcpTimeoutSeconds: Int
    public var mcpStartupTimeoutSeconds: Int
    public var mcpAllowRemote: Bool
    public var mcpSessions: Bool
    public var allowedOrigins: [String]
    public var maxThoughtsPerSession: Int
    public var maxSessions: Int
    public var sessionTTLSeconds: Int
    public var maxThoughtBytes: Int
    public var disableThoughtLogging: Bool
    public var jwksURL: String?
    public var jwksCAFile: String?
    public var jwksTTLSeconds: Int
    public var jwksMinRefreshSeconds: Int
    public var requiredScope: String?
    public var jwtIssuer: String?
    public var jwtAudience: String?
    public var jwtLeewaySeconds: Int
    public var jwtCacheEntries: Int
    public var ageIdentityPath: String?
    public var ageRecipientsPath: String?
    public var ageClientRecipients: Bool

    public var authEnabled: Bool { jwksURL != nil }
    public var encryptionEnabled: Bool { ageIdentityPath != nil }

    /// Builds the configuration from resolved text values (every name in `Setting.all`).
    init(values: [String: String]) throws(ConfigurationError) {
        func text(_ name: String) -> String? {
            guard let value = values[name], !value.isEmpty else { return nil }
            return value
        }
        func int(_ name: String) -> Int { Int(values[name] ?? "") ?? 0 }
        func bool(_ name: String) -> Bool { values[name] == "true" }

        mode = Mode(rawValue: values["SEQTHINK_MODE"] ?? "dev") ?? .dev
        bind = text("BIND") ?? "0.0.0.0"
        port = int("PORT")
        logLevel = LogLevel(rawValue: values["LOG_LEVEL"] ?? "info") ?? .info
        logFormat = LogFormat(rawValue: values["LOG_FORMAT"] ?? "json") ?? .json
        accessLog = bool("ACCESS_LOG")
        maxBodyBytes = int("MAX_BODY_MB") * 1024 * 1024
        maxConnections = int("MAX_CONNECTIONS")
        headerTimeoutSeconds = int("HEADER_TIMEOUT_S")
        idleTimeoutSeconds = int("IDLE_TIMEOUT_S")
        eventLoops = int("EVENT_LOOPS")
        stageQueueDepth = int("STAGE_QUEUE_DEPTH")
        stageWorkers = int("STAGE_WORKERS")
        stageWorkersOnLoops = values["STAGE_EXECUTOR"] != "pool"
        overloadWaitMilliseconds = int("OVERLOAD_WAIT_MS")
        shutdownDelaySeconds = int("SHUTDOWN_DELAY_S")
        shutdownGraceSeconds = int("SHUTDOWN_GRACE_S")
        mcpTimeoutSeconds = int("MCP_TIMEOUT_S")
        mcpStartupTimeoutSeconds = int("MCP_STARTUP_TIMEOUT_S")
        mcpAllowRemote = bool("MCP_ALLOW_REMOTE")
        mcpSessions = bool("MCP_SESSIONS")
        allowedOrigins = (text("MCP_ALLOWED_ORIGINS") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        maxThoughtsPerSession = int("MAX_THOUGHTS_PER_SESSION")
        maxSessions = int("MAX_SESSIONS")
        sessionTTLSeconds = int("SESSION_TTL_S")
        maxThoughtBytes = int("MAX_THOUGHT_BYTES")
        disableThoughtLogging = bool("DISABLE_THOUGHT_LOGGING")
        jwksURL = text("KACHING_JWKS_URL")
        jwksCAFile = text("JWKS_CA_FILE")
        jwksTTLSeconds = int("JWKS_TTL_S")
        jwksMinRefreshSeconds = int("JWKS_MIN_REFRESH_S")
        requiredScope = text("REQUIRED_SCOPE")
        jwtIssuer = text("JWT_ISSUER")
        jwtAudience = text("JWT_AUDIENCE")
        jwtLeewaySeconds = int("JWT_LEEWAY_S")
        jwtCacheEntries = int("JWT_CACHE_ENTRIES")
        ageIdentityPath = text("AGE_IDENT_PATH")
        ageRecipientsPath = text("AGE_RECIPS_PATH")
        ageClientRecipients = values["AGE_CLIENT_RECIPIENTS"] == "allow"

        let backend = text("MCP_LOCAL") ?? "embedded"
        if backend == "embedded" {
            mcpBackend = .embedded
        } else if backend.hasPrefix("http://") || backend.hasPrefix("https://") {
            mcpBackend = .http(backend)
        } else if backend.hasPrefix("stdio:"), backend.count > "stdio:".count {
            mcpBackend = .stdio(String(backend.dropFirst("stdio:".count)))
        } else {
            throw .invalid(name: "MCP_LOCAL", value: backend,
                           reason: "expected embedded, an http:// URL, or stdio:<command line>")
        }
        if shutdownDelaySeconds >= shutdownGraceSeconds {
            throw .inconsistent("SHUTDOWN_DELAY_S (\(shutdownDelaySeconds)) must be less than SHUTDOWN_GRACE_S (\(shutdownGraceSeconds))")
        }
        if ageIdentityPath != nil, ageRecipientsPath == nil, !ageClientRecipients {
            throw .inconsistent("AGE_IDENT_PATH is set but AGE_RECIPS_PATH is not: responses would have no recipient")
        }
    }
}

extension ServerConfiguration {
    /// Resolves every setting: a flag beats the environment, the environment beats the default;
    /// each value is validated and the first bad one is reported.
    public static func resolve(environment: [String: String], flags: [String: String] = [:]) throws(ConfigurationError) -> ServerConfiguration {
        var values: [String: String] = [:]
        for setting in Setting.all {
            guard let raw = flags[setting.name] ?? environment[setting.name] ?? setting.defaultValue else { continue }
            if raw.isEmpty, setting.defaultValue == nil { continue }
            switch setting.validate(raw) {
            case .success(let value): values[setting.name] = value
            case .failure(let error): throw error
            }
        }
        return try ServerConfiguration(values: values)
    }
}
