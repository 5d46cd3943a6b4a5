import AMQP
import Foundation
import Logging
import Postgres
public import Retry
public import ServiceLifecycle

/// Removes from the worker's parking queue the messages that erasure
/// requests name (`HandlerContext.forgetMessages`).
///
/// A request is swept as soon as its transaction commits (NOTIFY wakes the
/// sweeper), and again once its window (the longest retry delay and a
/// margin) has passed, for what was parked meanwhile; then its row and
/// needles are deleted. Until then the consumer drops any message coming
/// back from a retry queue that mentions a needle. At start every request
/// not swept yet is swept (a crash between commit and sweep loses nothing),
/// and a failed sweep is tried again with backoff: the row stays until its
/// sweeps succeeded. It runs beside the consumer on connections of its own
/// and never holds up message handling.
public final class ErasureSweeper: Service, Sendable {
    public struct Configuration: Sendable {
        /// Added to the longest retry delay to give how long a request stays
        /// active: time for a message back from a retry queue to wait in the
        /// work queue and be taken. Default 5 minutes.
        public var margin: Duration
        /// Backstop when a NOTIFY was missed (the listener reconnected). Default 1 minute.
        public var pollInterval: Duration
        /// Between attempts while the broker or the database is away. Default 200 ms up to 30 s.
        public var reconnect: Backoff

        public init(
            margin: Duration = .seconds(300), pollInterval: Duration = .seconds(60),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(30))
        ) {
            self.margin = margin
            self.pollInterval = pollInterval
            self.reconnect = reconnect
        }

        /// How long a request stays active with these retry delays.
        public func window(retryDelays: [Duration]) -> Duration {
            (retryDelays.max() ?? .zero) + margin
        }
    }

    /// The NOTIFY channel a committed request wakes the sweeper on.
    static func notifyChannel(worker: String) -> String { "batbern_erasure_\(worker)" }

    let amqp: AMQPConnection.Configuration
    let database: PostgresConnection.Configuration
    let topology: Topology
    let processor: MessageProcessor
    let configuration: Configuration
    let metrics: WorkerMetrics
    let logger: Logger
    let clock: @Sendable () -> Date
    private let stop = StopSignal()

    init(
        amqp: AMQPConnection.Configuration, database: PostgresConnection.Configuration, topology: Topology,
        processor: MessageProcessor, configuration: Configuration, metrics: WorkerMetrics, logger: Logger,
        clock: @escaping @Sendable () -> Date
    ) {
        var amqp = amqp
        amqp.connectionName += "-erasure"
        self.amqp = amqp
        self.database = database
        self.topology = topology
        self.processor = processor
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await sweepUntilStopped()
        } onGracefulShutdown: {
            self.stop.stop()
        }
    }

    private func sweepUntilStopped() async {
        var failures = 0
        while !stop.isStopped && !Task.isCancelled {
            var wakeups: NotifyWakeups?
            var db: PostgresConnection?
            do {
                // Listening before the first look, so no commit goes unnoticed.
                let listening = try await NotifyWakeups.listen(
                    database, channel: Self.notifyChannel(worker: topology.worker), stop: stop, logger: logger
                )
                wakeups = listening
                let connection = try await PostgresConnection.connect(database, logger: logger)
                db = connection
                while !stop.isStopped {
                    try listening.check()
                    let next = try await pass(connection)
                    failures = 0
                    await listening.wakeup.wait(upTo: next)
                }
            } catch {
                let delay = configuration.reconnect.delay(attempt: failures)
                if !stop.isStopped {
                    logger.warning(
                        "erasure sweep failed; trying again",
                        metadata: [
                            "error": "\(describe(error))", "retry_in": "\(delay)", "failures": "\(failures + 1)",
                        ])
                }
                failures += 1
                await stop.sleep(delay)
            }
            wakeups?.close()
            await db?.close()
        }
        logger.debug("erasure sweeper stopped")
    }
}
