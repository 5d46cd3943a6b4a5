import Foundation
public import Logging
public import Postgres
public import Retry
public import ServiceLifecycle

/// Moves due timers into the outbox (the relay publishes them from there).
///
/// Timers are rows in the worker's own database, so they survive restarts; a
/// timer fires once however many schedulers run, because due rows are claimed
/// with `FOR UPDATE SKIP LOCKED` and marked fired in the same transaction.
public final class TimerScheduler: Service, Sendable {
    public struct Configuration: Sendable {
        /// Longest sleep between checks; timers fire at most this late. Default 1 s.
        public var pollInterval: Duration
        /// Timers fired per transaction. Default 100.
        public var batchSize: Int
        public var reconnect: Backoff

        public init(
            pollInterval: Duration = .seconds(1), batchSize: Int = 100,
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        ) {
            self.pollInterval = pollInterval
            self.batchSize = batchSize
            self.reconnect = reconnect
        }
    }

    let database: PostgresConnection.Configuration
    let processor: MessageProcessor
    let configuration: Configuration
    let metrics: WorkerMetrics
    let health: WorkerHealth
    let logger: Logger
    let clock: @Sendable () -> Date
    private let stop = StopSignal()

    init(
        database: PostgresConnection.Configuration, processor: MessageProcessor, configuration: Configuration,
        metrics: WorkerMetrics, health: WorkerHealth, logger: Logger, clock: @escaping @Sendable () -> Date
    ) {
        self.database = database
        self.processor = processor
        self.configuration = configuration
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await fireUntilStopped()
        } onGracefulShutdown: {
            self.stop.stop()
        }
    }

    private func fireUntilStopped() async {
        var failures = 0
        var connection: PostgresConnection?
        while !stop.isStopped {
            do {
                let db: PostgresConnection
                if let connection { db = connection } else {
                    db = try await PostgresConnection.connect(database, logger: logger)
                    connection = db
                }
                health.set(.scheduler, ready: true)
                let fired = try await processor.fireDueTimers(now: clock(), limit: configuration.batchSize, on: db)
                failures = 0
                if !fired.isEmpty {
                    metrics.timersFired.increment(by: fired.count)
                    logger.debug("timers fired", metadata: ["timers": "\(fired.count)"])
                }
                if fired.count == configuration.batchSize { continue }
                await stop.sleep(try await untilNextDue(db))
            } catch {
                health.set(.scheduler, ready: false)
                logger.warning("scheduler lost the database; reconnecting", metadata: ["pg_error": "\(error)"])
                await connection?.close()
                connection = nil
                await stop.sleep(configuration.reconnect.delay(attempt: failures))
                failures += 1
            }
        }
        await connection?.close()
        health.set(.scheduler, ready: false)
    }

    private func untilNextDue(_ db: PostgresConnection) async throws -> Duration {
        guard let next = try await db.nextTimerDue() else { return configuration.pollInterval }
        let wait = next.timeIntervalSince(clock())
        return wait <= 0 ? .zero : min(configuration.pollInterval, .milliseconds(Int64(wait * 1000) + 1))
    }
}

extension PostgresConnection {
    fileprivate func nextTimerDue() throws -> Date? { try TimerStore.nextDue(self) }
}
