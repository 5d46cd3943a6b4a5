public import AMQP
public import Foundation
public import Logging
public import Postgres
public import Prometheus
public import ServiceLifecycle
import Tracing
public import UnixSignals

/// Everything a worker process needs to know besides its handlers.
public struct WorkerConfiguration: Sendable {
    public var amqp: AMQPConnection.Configuration
    public var database: PostgresConnection.Configuration
    public var topology = Topology.Configuration()
    public var consumer = ConsumerService.Configuration()
    public var relay = OutboxRelay.Configuration()
    public var scheduler = TimerScheduler.Configuration()
    public var erasure = ErasureSweeper.Configuration()
    /// Where to serve /metrics and /health; nil for no endpoint. Default 127.0.0.1, any free port.
    public var http: HTTPSettings? = HTTPSettings()
    /// Deliveries of one message without it being settled before it is
    /// parked as a poison message (`redelivered_too_often`). Default 5.
    public var maxDeliveries = 5
    /// Largest message body the worker handles; larger ones are parked
    /// (`too_large`) without being decoded, and commands answered. Default 1 MiB.
    public var maxMessageBytes = 1 << 20
    /// Longest graceful stop. Past it the services are cancelled: waits end,
    /// open transactions roll back, and unsent outbox rows go out on the next
    /// start. Default 25 s, below Kubernetes' 30 s grace period.
    public var shutdownTimeout: Duration = .seconds(25)
    /// How long cancelled services may take to end before the process is
    /// ended hard (swift-service-lifecycle stops it with a fatal error); nil
    /// waits for ever. Keep `shutdownTimeout` plus this under the
    /// orchestrator's grace period. Default 3 s.
    public var cancellationTimeout: Duration? = .seconds(3)
    /// How long a part (consumer lanes, relay, scheduler) may hold work
    /// without progress before /health/live reports it stalled. Default 2 minutes.
    public var stallTimeout: Duration = .seconds(120)

    public struct HTTPSettings: Sendable {
        public var host: String
        /// 0 picks a free port (see `Worker.httpPort`).
        public var port: Int
        public init(host: String = "127.0.0.1", port: Int = 0) {
            self.host = host
            self.port = port
        }
    }

    public init(amqp: AMQPConnection.Configuration, database: PostgresConnection.Configuration) {
        self.amqp = amqp
        self.database = database
    }
}

/// One worker: consumer, relay, timer scheduler and erasure sweeper (plus the
/// HTTP endpoint and the context's companions, stopped after the consumer),
/// run as a service group that stops in the right order on SIGTERM: the
/// consumer first (no new deliveries, finish those in hand), then the
/// scheduler, then the relay (flush the outbox), then the endpoint; all of
/// it within `shutdownTimeout`, after which the services are cancelled.
public final class Worker: Sendable {
    public let definition: WorkerDefinition
    public let health = WorkerHealth()
    public let metrics: WorkerMetrics
    public let registry = PrometheusCollectorRegistry()
    public let topology: Topology
    private let services: [any Service]
    private let endpoint: HTTPEndpoint?
    private let logger: Logger
    private let shutdownTimeout: Duration
    private let cancellationTimeout: Duration?

    /// The HTTP endpoint's port once it listens (0 before, or without one).
    public var httpPort: Int { endpoint?.boundPort ?? 0 }

    /// - Parameter afterCommit: runs after a batch commits and before it is
    ///   acked, the one moment whose recovery the inbox exists for; only the
    ///   probe sets it, to crash there (fault injection for the tests).
    public init(
        _ definition: WorkerDefinition, configuration: WorkerConfiguration, logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }, afterCommit: (@Sendable () -> Void)? = nil
    ) {
        var logger = logger
        logger[metadataKey: "worker"] = .string(definition.name)
        self.logger = logger
        self.definition = definition
        shutdownTimeout = configuration.shutdownTimeout
        cancellationTimeout = configuration.cancellationTimeout
        metrics = WorkerMetrics(worker: definition.name, factory: PrometheusMetricsFactory(registry: registry))
        topology = Topology(definition, configuration: configuration.topology)
        let notifyChannel = "batbern_outbox_\(definition.name)"
        let processor = MessageProcessor(
            definition: definition, notifyChannel: notifyChannel, maxDeliveries: configuration.maxDeliveries,
            maxMessageBytes: configuration.maxMessageBytes,
            erasureWindow: configuration.erasure.window(retryDelays: configuration.topology.retryDelays)
        )
        let outboxWritten = Wakeup()
        let consumer = ConsumerService(
            amqp: configuration.amqp, database: configuration.database, processor: processor, topology: topology,
            configuration: configuration.consumer, metrics: metrics, health: health, logger: logger, clock: clock,
            afterCommit: afterCommit, outboxWritten: outboxWritten,
            tracing: HandlingTracer(tracer: InstrumentationSystem.tracer, worker: definition.name)
        )
        let scheduler = TimerScheduler(
            database: configuration.database, processor: processor, configuration: configuration.scheduler,
            metrics: metrics, health: health, logger: logger, clock: clock
        )
        let relay = OutboxRelay(
            amqp: configuration.amqp, database: configuration.database, notifyChannel: notifyChannel,
            configuration: configuration.relay, metrics: metrics, health: health, logger: logger, appId: definition.name,
            wakeup: outboxWritten
        )
        let erasure = ErasureSweeper(
            amqp: configuration.amqp, database: configuration.database, topology: topology, processor: processor,
            configuration: configuration.erasure, metrics: metrics, logger: logger, clock: clock
        )
        let parts = Companion.Parts(
            database: configuration.database, metrics: PrometheusMetricsFactory(registry: registry), logger: logger, clock: clock
        )
        let companions = definition.companions.map { $0.make(parts) }
        let registry = registry
        let health = health
        let metrics = metrics
        let stallTimeout = configuration.stallTimeout
        endpoint = configuration.http.map { settings in
            HTTPEndpoint(host: settings.host, port: settings.port, logger: logger) { path in
                switch path {
                case "/metrics":
                    metrics.ready.record(health.isReady ? 1 : 0)
                    metrics.live.record(health.isLive(stallTimeout: stallTimeout) ? 1 : 0)
                    var body: [UInt8] = []
                    registry.emit(into: &body)
                    return (200, "text/plain; version=0.0.4", body)
                case "/health/live":
                    let now = ContinuousClock.now
                    let live = health.isLive(stallTimeout: stallTimeout, now: now)
                    let report = health.liveReport(stallTimeout: stallTimeout, now: now)
                    return (live ? 200 : 503, "text/plain", Array((report + "\n").utf8))
                case "/health/ready":
                    return (health.isReady ? 200 : 503, "text/plain", Array((health.report + "\n").utf8))
                default:
                    return (404, "text/plain", Array("try /metrics, /health/live or /health/ready\n".utf8))
                }
            }
        }
        // Graceful shutdown runs in reverse order.
        services = (endpoint.map { [$0] } ?? []) + [relay, erasure, scheduler] + companions + [consumer]
    }

    /// The service group, stopping gracefully on `signals`, within `shutdownTimeout`.
    /// `alongside` (e.g. the span exporter) start first and stop last.
    public func serviceGroup(signals: [UnixSignal] = [.sigterm, .sigint], alongside: [any Service] = []) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: (alongside + services).map {
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup
                )
            },
            gracefulShutdownSignals: signals,
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = cancellationTimeout
        return ServiceGroup(configuration: configuration)
    }

    /// Runs until SIGTERM or SIGINT, then stops gracefully.
    public func run(alongside: [any Service] = []) async throws {
        logger.info("worker starting", metadata: ["handlers": "\(definition.handlers.map(\.key.routingKey).joined(separator: ","))"])
        try await serviceGroup(alongside: alongside).run()
        logger.info("worker stopped")
    }
}
