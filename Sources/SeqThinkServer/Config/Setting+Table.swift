import Foundation

extension Setting {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Every variable the service reads, in the order `serve --help` lists them.
    public static let all: [Setting] = [
        Setting("SEQTHINK_MODE", .choice(["dev", "production"]), "dev",
                "dev runs without keys (loudly); production refuses to start without JWKS and age keys"),
        Setting("BIND", .string, "0.0.0.0", "address to listen on"),
        Setting("PORT", .integer(0...65535), "8443", "TCP port (0 picks a free one)"),
        Setting("LOG_LEVEL", .choice(["debug", "info", "warning", "error"]), "info", "least severe level logged"),
        Setting("LOG_FORMAT", .choice(["json", "text"]), "json", "one JSON object a line, or text for humans"),
        Setting("ACCESS_LOG", .boolean, "true", "one line per request (request id, route, status, bytes, duration)"),
        Setting("MAX_BODY_MB", .integer(1...1024), "4", "largest request body (and decompressed plaintext), MiB"),
        Setting("MAX_CONNECTIONS", .integer(1...1_000_000), "4096", "open connections at most; past that, accept and close"),
        Setting("HEADER_TIMEOUT_S", .integer(1...3600), "10", "seconds for a request head to arrive (408 after)"),
        Setting("IDLE_TIMEOUT_S", .integer(1...86_400), "60", "seconds an idle keep-alive connection is kept"),
        Setting("EVENT_LOOPS", .integer(1...256), String(cores), "event-loop threads (default: cores)"),
        Setting("STAGE_QUEUE_DEPTH", .integer(1...65_536), "64", "capacity of each channel between stages"),
        Setting("STAGE_WORKERS", .integer(1...256), String(cores), "concurrent consumers per stage (default: cores)"),
        Setting("STAGE_EXECUTOR", .choice(["loops", "pool"]), "loops",
                "where the stages run: one pipeline per event loop on its thread (no thread hand-offs), or one on Swift's pool"),
        Setting("OVERLOAD_WAIT_MS", .integer(0...60_000), "250", "how long Ingress waits for room before 503"),
        Setting("SHUTDOWN_DELAY_S", .integer(0...3600), "5", "seconds to keep serving with /ready at 503 before draining"),
        Setting("SHUTDOWN_GRACE_S", .integer(1...3600), "25", "the whole drain, after which the process exits"),
        Setting("MCP_LOCAL", .string, "embedded", "embedded, an http:// loopback MCP URL, or stdio:<command line>"),
        Setting("MCP_TIMEOUT_S", .integer(1...3600), "120", "per-call backend timeout (504 after)"),
        Setting("MCP_STARTUP_TIMEOUT_S", .integer(0...3600), "30", "how long to wait for an external backend at startup"),
        Setting("MCP_ALLOW_REMOTE", .boolean, "false", "allow a non-loopback MCP_LOCAL host"),
        Setting("MCP_SESSIONS", .boolean, "true", "issue Mcp-Session-Id on initialize and require it afterwards"),
        Setting("MCP_ALLOWED_ORIGINS", .string, nil,
                "comma list of Origin values accepted on the MCP routes, * for any (a request without Origin is always accepted)"),
        Setting("MAX_THOUGHTS_PER_SESSION", .integer(1...1_000_000), "1000", "thought history kept per session"),
        Setting("MAX_SESSIONS", .integer(1...10_000_000), "10000", "MCP sessions kept at once"),
        Setting("SESSION_TTL_S", .integer(1...604_800), "3600", "idle MCP sessions expire after this"),
        Setting("MAX_THOUGHT_BYTES", .integer(1...16_777_216), "65536", "largest thought accepted (UTF-8 bytes)"),
        Setting("DISABLE_THOUGHT_LOGGING", .boolean, "false", "never log thoughts (debug-level only; always on when AGE_IDENT_PATH is set)"),
        Setting("KACHING_JWKS_URL", .url, nil, "JWKS of the auth service; unset turns auth off (dev only)"),
        Setting("JWKS_CA_FILE", .string, nil, "PEM CA bundle for an https JWKS (default: system trust store)"),
        Setting("JWKS_TTL_S", .integer(1...604_800), "3600", "how long a fetched JWKS is used"),
        Setting("JWKS_MIN_REFRESH_S", .integer(0...86_400), "30", "unknown-kid refetches at most once per this"),
        Setting("REQUIRED_SCOPE", .string, nil, "scope a token must carry"),
        Setting("JWT_ISSUER", .string, nil, "required iss claim"),
        Setting("JWT_AUDIENCE", .string, nil, "required aud claim (string or array)"),
        Setting("JWT_LEEWAY_S", .integer(0...3600), "60", "clock skew allowed for exp, nbf, iat"),
        Setting("JWT_CACHE_ENTRIES", .integer(0...1_000_000), "10000",
                "verified tokens remembered (by SHA-256) until exp or their key leaves the JWKS; 0 turns the cache off"),
        Setting("AGE_IDENT_PATH", .string, nil, "age identity file; set turns request decryption on"),
        Setting("AGE_RECIPS_PATH", .string, nil, "age recipients file responses are sealed to"),
        Setting("AGE_CLIENT_RECIPIENTS", .choice(["deny", "allow"]), "deny", "allow the Age-Recipient request header"),
    ]

    public static func named(_ name: String) -> Setting? { all.first { $0.name == name } }
}
