import Testing
@testable import SeqThinkServer

@Suite struct ConfigurationTests {
    @Test func defaultsMatchTheContract() throws {
        let config = try ServerConfiguration.resolve(environment: [:])
        #expect(config.port == 8443)
        #expect(config.bind == "0.0.0.0")
        #expect(config.maxBodyBytes == 4 * 1024 * 1024)
        #expect(config.logLevel == .info)
        #expect(config.logFormat == .json)
        #expect(config.mcpBackend == .embedded)
        #expect(config.mcpTimeoutSeconds == 120)
        #expect(config.jwtLeewaySeconds == 60)
        #expect(config.jwksTTLSeconds == 3600)
        #expect(config.jwksMinRefreshSeconds == 30)
        #expect(config.shutdownDelaySeconds == 5)
        #expect(config.shutdownGraceSeconds == 25)
        #expect(config.mode == .dev)
        #expect(!config.authEnabled)
        #expect(!config.encryptionEnabled)
        #expect(config.maxThoughtsPerSession == 1000)
        #expect(config.maxSessions == 10_000)
        #expect(config.sessionTTLSeconds == 3600)
    }

    @Test func flagBeatsEnvironmentWhichBeatsDefault() throws {
        let fromEnv = try ServerConfiguration.resolve(environment: ["PORT": "9000"])
        #expect(fromEnv.port == 9000)
        let fromFlag = try ServerConfiguration.resolve(environment: ["PORT": "9000"], flags: ["PORT": "9100"])
        #expect(fromFlag.port == 9100)
    }

    @Test(arguments: [
        ("PORT", "70000"), ("PORT", "-1"), ("PORT", "http"), ("MAX_BODY_MB", "-4"), ("MAX_BODY_MB", "0"),
        ("LOG_LEVEL", "loud"), ("LOG_FORMAT", "xml"), ("SEQTHINK_MODE", "prod"),
        ("KACHING_JWKS_URL", "ftp://keys"), ("ACCESS_LOG", "maybe"), ("STAGE_WORKERS", "0"),
        ("MCP_LOCAL", "tcp://1.2.3.4"), ("MCP_LOCAL", "stdio:"), ("AGE_CLIENT_RECIPIENTS", "sometimes"),
    ])
    func rejectsBadValueNamingTheVariable(name: String, value: String) {
        #expect {
            _ = try ServerConfiguration.resolve(environment: [name: value])
        } throws: { error in
            "\(error)".contains(name)
        }
    }

    @Test func parsesBackendKinds() throws {
        let http = try ServerConfiguration.resolve(environment: ["MCP_LOCAL": "http://127.0.0.1:9000/mcp"])
        #expect(http.mcpBackend == .http("http://127.0.0.1:9000/mcp"))
        let stdio = try ServerConfiguration.resolve(environment: ["MCP_LOCAL": "stdio:npx -y server"])
        #expect(stdio.mcpBackend == .stdio("npx -y server"))
    }

    @Test func rejectsShutdownDelayNotShorterThanGrace() {
        #expect(throws: ConfigurationError.self) {
            _ = try ServerConfiguration.resolve(environment: ["SHUTDOWN_DELAY_S": "30", "SHUTDOWN_GRACE_S": "25"])
        }
    }

    @Test func emptyOptionalVariableMeansUnset() throws {
        let config = try ServerConfiguration.resolve(environment: ["KACHING_JWKS_URL": "", "REQUIRED_SCOPE": ""])
        #expect(config.jwksURL == nil)
        #expect(config.requiredScope == nil)
    }

    @Test func everySettingHasADistinctFlag() {
        let flags = Setting.all.map(\.flag)
        #expect(Set(flags).count == flags.count)
        #expect(Setting.named("MAX_BODY_MB")?.flag == "--max-body-mb")
    }
}
