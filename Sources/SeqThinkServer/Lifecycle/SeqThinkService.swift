import Dispatch
import Foundation
import HTTP
import JWT
public import MCP
import Pipeline

/// The runner: owns every long-lived part (listener, the six stages, metrics), starts them,
/// traps SIGTERM/SIGINT and stops them in reverse order.
///
///     listener ─▶ [ingress] ─▶ [auth] ─▶ [decrypt] ─▶ [mcp] ─▶ [encrypt] ─▶ [egress] ─▶ socket
///                     └───────────── answered early (errors, direct routes) ──────▶┘
///
/// Shutdown (PIPELINE.md "Lifecycle"): /ready turns 503 at once; the listener keeps serving,
/// new connections included, for SHUTDOWN_DELAY_S (Traefik keeps routing to a stopping task until
/// it notices); then it stops accepting, keep-alive connections close after their current
/// response, and the process waits for what is in flight until SHUTDOWN_GRACE_S has passed since
/// the signal. The channels are then finished in pipeline order so each stage drains into the next.
public final class SeqThinkService: Sendable {
    public let configuration: ServerConfiguration
    let logger: Logger
    let signals: ShutdownSignal
    /// Replaces the configured MCP backend (tests: a backend that can be held to fill the pipeline).
    let backendOverride: (any MCPBackend)?

    /// `handleSignals: false` leaves SIGTERM/SIGINT alone (an embedding process or a test stops
    /// the service with `stop()`).
    public init(configuration: ServerConfiguration, logger: Logger? = nil, handleSignals: Bool = true,
                backend: (any MCPBackend)? = nil) {
        self.configuration = configuration
        self.logger = logger ?? Logger(level: configuration.logLevel, format: configuration.logFormat)
        self.signals = ShutdownSignal(installHandlers: handleSignals)
        self.backendOverride = backend
    }

    /// Runs until SIGTERM/SIGINT (or `stop()`), then drains. `onListening` is told the bound port.
    public func run(onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        let config = configuration
        let keys = try checkStartup()

        let readiness = Readiness()
        let metrics = ServerMetrics()
        // One pipeline per event loop, its stages running on that loop's thread
        // (STAGE_EXECUTOR=loops), or one pipeline on Swift's pool (pool). See ARCHITECTURE.md
        // "Threads".
        let shardCount = config.stageWorkersOnLoops ? config.eventLoops : 1
        let shards: [[StageName: BoundedChannel<Exchange>]] = (0..<shardCount).map { _ in
            Dictionary(uniqueKeysWithValues: StageName.allCases.map {
                ($0, BoundedChannel<Exchange>(capacity: config.stageQueueDepth))
            })
        }
        let mcp = try makeMCPServer()
        readiness.register("mcp_backend", detail: "starting")
        let auth = makeAuth()
        if auth != nil { readiness.register("jwks", detail: "not fetched yet") }

        let admissionWait = Duration.milliseconds(config.overloadWaitMilliseconds)
        let accessLog = AccessLog(logger: logger, enabled: config.accessLog)
        let delegate = ListenerDelegate(
            ingresses: shards.map { $0[.ingress]! }, admissionWait: admissionWait,
            metrics: metrics, logger: logger, accessLog: accessLog)
        let server = try HTTPServer(configuration: HTTPServerConfiguration(
            host: config.bind, port: config.port, eventLoops: config.eventLoops,
            maxBodyBytes: config.maxBodyBytes, headerTimeout: .seconds(config.headerTimeoutSeconds),
            idleTimeout: .seconds(config.idleTimeoutSeconds), maxConnections: config.maxConnections),
            delegate: delegate)
        let jwksCounters: (@Sendable () -> JWKSRefreshCounters)?
        if let keys = auth?.keys { jwksCounters = { keys.counters } } else { jwksCounters = nil }
        metrics.registerGauges(openConnections: { server.openConnections },
                               backendUp: { readiness.isReady("mcp_backend") }, jwks: jwksCounters)

        let egress = EgressStage(metrics: metrics, accessLog: accessLog, mcp: mcp,
                                 completed: { delegate.completed($0) })
        let stageMetrics = Dictionary(uniqueKeysWithValues: StageName.allCases.map { stage in
            (stage, metrics.stageMetrics(stage, queues: shards.map { $0[stage]! }))
        })
        // Ingress and Egress are cheap: one consumer each. The stages that compute (or wait on
        // the backend) get STAGE_WORKERS; the dispatcher takes one exchange at a time so a slow
        // backend call never holds a batch behind it.
        let pipelines: [(stages: [PipelineRunner], egress: PipelineRunner)] = shards.indices.map { shard in
            let channels = shards[shard]
            let executors: [any TaskExecutor] = config.stageWorkersOnLoops ? [server.executors[shard]] : []
            func runner<S: ExchangeStage>(_ stage: S, into next: StageName?, workers: Int, batchSize: Int = 16,
                                          admission: Duration? = nil) -> PipelineRunner {
                let link = StageLink(stage: stage, next: next.map { channels[$0]! }, egress: channels[.egress]!,
                                     admissionWait: admission, metrics: metrics)
                return PipelineRunner(StageRunner(name: stage.name.rawValue, stage: link, input: channels[stage.name]!,
                                                  workers: workers, batchSize: batchSize, executors: executors,
                                                  metrics: stageMetrics[stage.name]!))
            }
            let stages = [
                runner(IngressStage(readiness: readiness, metrics: metrics, ageRecipients: keys?.wellKnownBody), into: .auth,
                       workers: 1, admission: admissionWait),
                runner(AuthGateStage(verifier: auth?.verifier, keys: auth?.keys, verified: auth?.verified,
                                     metrics: metrics), into: .decrypt, workers: config.stageWorkers),
                runner(DecryptorStage(keys: keys, metrics: metrics, maxPlaintext: config.maxBodyBytes), into: .mcp,
                       workers: config.stageWorkers),
                runner(MCPDispatcherStage(server: mcp), into: .encrypt, workers: config.stageWorkers, batchSize: 1),
                runner(EncryptorStage(metrics: metrics), into: .egress, workers: config.stageWorkers),
            ]
            return (stages, runner(egress, into: nil, workers: 1))
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            // Shutdown cascades: finishing a stage's input lets it drain and return, which
            // finishes the next stage's input. Egress, which every stage can reach, goes last.
            for pipeline in pipelines {
                group.addTask {
                    await withDiscardingTaskGroup { stages in
                        for (index, stage) in pipeline.stages.enumerated() {
                            let next = index + 1 < pipeline.stages.count ? pipeline.stages[index + 1].input : nil
                            stages.addTask {
                                await stage.runStage()
                                next?.finish()
                            }
                        }
                    }
                    pipeline.egress.input.finish()
                }
                group.addTask { await pipeline.egress.runStage() }
            }

            let supervisor = Task { await Self.supervise(mcp: mcp, auth: auth, readiness: readiness, logger: self.logger) }
            let jwksRefresher = Task { await auth?.keys.run() }
            defer {
                supervisor.cancel()
                jwksRefresher.cancel()
            }
            await startBackend(mcp, readiness: readiness)
            do {
                try server.start()
            } catch {
                await stopBackend(mcp, grace: .seconds(1))
                throw error
            }
            logger.info("listening", [
                "bind": .string(config.bind), "port": .int(server.port), "version": .string(BuildInfo.version),
                "mcpBackend": .string("\(config.mcpBackend)"), "auth": .bool(config.authEnabled),
                "encryption": .bool(config.encryptionEnabled),
            ])
            onListening?(server.port)

            let signalName = await signals.wait()
            let deadline = ContinuousClock.now + .seconds(config.shutdownGraceSeconds)
            readiness.beginShutdown()
            logger.info("shutdown begun: /ready is 503, still serving", [
                "signal": .string(signalName), "delaySeconds": .int(config.shutdownDelaySeconds),
            ])
            try? await Task.sleep(for: .seconds(config.shutdownDelaySeconds))

            server.beginDrain()
            server.stopAccepting()
            await mcp.closeAllLegacyStreams()
            while (delegate.inflightCount > 0 || server.openConnections > 0), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if delegate.inflightCount > 0 || server.openConnections > 0 {
                logger.warning("shutdown grace over with work left", [
                    "inflight": .int(delegate.inflightCount), "connections": .int(server.openConnections),
                ])
            }
            for shard in shards { shard[.ingress]!.finish() }
            try await group.waitForAll()
            await stopBackend(mcp, grace: Self.backendGrace(until: deadline))
            server.shutdown()
            logger.info("stopped")
        }
    }

    /// Asks a running service to shut down as if it had received SIGTERM (tests, embedding).
    public func stop() { signals.trigger("stop") }

    /// Refuses configurations that must not serve, warns loudly about insecure ones, and reads
    /// the age keys once (nil: plaintext mode).
    @discardableResult
    func checkStartup() throws -> SecureKeys? {
        let config = configuration
        if config.mode == .production {
            var missing: [String] = []
            if !config.authEnabled { missing.append("KACHING_JWKS_URL") }
            if config.ageIdentityPath == nil { missing.append("AGE_IDENT_PATH") }
            if config.ageRecipientsPath == nil { missing.append("AGE_RECIPS_PATH") }
            if !missing.isEmpty {
                throw StartupError("SEQTHINK_MODE=production needs \(missing.joined(separator: ", "))")
            }
        }
        let keys = try loadSecureKeys()
        if !config.authEnabled {
            logger.warning("AUTHENTICATION IS OFF: KACHING_JWKS_URL is not set; anyone who reaches this port can call the tool")
        }
        if keys == nil {
            logger.warning("ENCRYPTION IS OFF: AGE_IDENT_PATH is not set; requests and responses travel in plaintext")
        }
        return keys
    }
}

/// A startup refusal: the process exits 1 with this message.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
