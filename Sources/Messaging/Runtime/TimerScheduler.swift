import Foundation
import Logging
import Postgres
public import Retry
public import ServiceLifecycle

/// Moves due timers into the outbox (the relay publishes them from there).
///
/// Timers are rows in the worker's own database, so they survive restarts; a
/// timer fires once however many schedulers run, because due rows are claimed
/// with `FOR UPDATE SKIP LOCKED` and marked fired in the same transaction.
///
/// Liveness: `working` from the start of a round until one commits, so a
/// scheduler that keeps failing on due timers while connected turns the
/// worker not live; a lost database is `idle`. It stops on graceful shutdown
/// after the round in hand, and at once when cancelled.
public final class TimerScheduler: Service, Sendable {
    public struct Configuration: Sendable {
        /// Longest sleep between checks; timers fire at most this late. Default 1 s.
        public var pollInterval: Duration
        /// Timers fired per transaction. Default 100.
        public var batchSize: Int
        /// Delay after a failed round or connection attempt, by failures in a
        /// row. Default 200 ms doubling up to 5 s, with jitter.
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

    /// Rounds until stopped. A lost database closes the connection; a round
    /// that fails on a server error is counted and retried on the same one.
    /// Either waits the `reconnect` backoff, reset only after a round commits.
    private func fireUntilStopped() async {
        var failures = 0
        var connection: PostgresConnection?
        while !stop.isStopped {
            do {
                health.working(.scheduler)
                let db: PostgresConnection
                if let connection {
                    db = connection
                } else {
                    db = try await PostgresConnection.connect(database, logger: logger)
                    connection = db
                    health.set(.scheduler, ready: true)
                }
                let fired = try await processor.fireDueTimers(now: clock(), limit: configuration.batchSize, on: db)
                failures = 0
                health.progressed(.scheduler)
                if !fired.isEmpty {
                    metrics.timersFired.increment(by: fired.count)
                    logger.debug("timers fired", metadata: ["timers": "\(fired.count)"])
                }
                if fired.count == configuration.batchSize { continue }
                await stop.sleep(try await untilNextDue(db))
            } catch {
                if stop.isStopped { break }
                let outage = (error as? PostgresError)?.isConnectionFailure ?? false
                if outage {
                    health.idle(.scheduler)
                    health.set(.scheduler, ready: false)
                } else {
                    metrics.schedulerFailures.increment()
                }
                if let db = connection {
                    let usable = await db.isUsable
                    if outage || !usable {
                        await db.close()
                        connection = nil
                    }
                }
                let delay = configuration.reconnect.delay(attempt: failures)
                failures += 1
                logger.warning(
                    outage ? "scheduler lost the database; reconnecting" : "scheduler round failed; retrying",
                    metadata: [
                        "scheduler_error": "\(error)", "scheduler_failures": "\(failures)", "scheduler_retry_in": "\(delay)",
                    ])
                await stop.sleep(delay)
            }
        }
        await connection?.close()
        health.set(.scheduler, ready: false)
        health.idle(.scheduler)
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
