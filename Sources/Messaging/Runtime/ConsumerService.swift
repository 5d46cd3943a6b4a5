import AMQP
import Foundation
import Logging
import Postgres
public import Retry
public import ServiceLifecycle

/// Takes deliveries from the work queue and runs them through the processor.
///
/// `concurrency` lanes (see `ConsumerLane`) run side by side, each with its
/// own channel, consumer and database connection. They consume on one broker
/// connection and publish retries and parks on another, so a broker that
/// blocks publishers (a resource alarm) does not stop consuming and acking.
///
/// A lost database does not burn retries: the lane keeps its batch,
/// reconnects and runs it again. When a lane fails (a lost broker, a channel
/// the broker closed, a publish it refused), the others are cancelled, their
/// channels closed (unacked deliveries go back to the queue), the worker is
/// not ready, and the lanes start again on fresh connections after a backoff
/// that grows while failures repeat without a batch getting through.
public final class ConsumerService: Service, Sendable {
    public struct Configuration: Sendable {
        /// Unacked deliveries per lane. Default 64.
        public var prefetch: UInt16
        /// Lanes, each with a database connection. Default 2.
        public var concurrency: Int
        /// Most deliveries handled in one transaction. Default 32.
        public var batchSize: Int
        /// Serialization failures, deadlocks or lock timeouts tolerated before
        /// a batch is split and its messages retried through the queues. Default 5.
        public var conflictRetries: Int
        /// Wait before running a batch again after such a conflict. Default 10 ms up to 500 ms.
        public var conflictBackoff: Backoff
        /// Reconnect backoff for broker and database, and between restarts of
        /// failed lanes. Default 200 ms up to 5 s.
        public var reconnect: Backoff

        public init(
            prefetch: UInt16 = 64, concurrency: Int = 2, batchSize: Int = 32, conflictRetries: Int = 5,
            conflictBackoff: Backoff = Backoff(initial: .milliseconds(10), maximum: .milliseconds(500)),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        ) {
            self.prefetch = prefetch
            self.concurrency = concurrency
            self.batchSize = batchSize
            self.conflictRetries = conflictRetries
            self.conflictBackoff = conflictBackoff
            self.reconnect = reconnect
        }
    }

    let amqp: AMQPConnection.Configuration
    let database: PostgresConnection.Configuration
    let processor: MessageProcessor
    let topology: Topology
    let configuration: Configuration
    let metrics: WorkerMetrics
    let logger: Logger
    let clock: @Sendable () -> Date
    /// A fault-injection hook after each commit, before the ack (see `Worker.init`).
    let afterCommit: (@Sendable () -> Void)?
    /// Signalled after a commit that wrote outbox rows: wakes this worker's
    /// relay without a NOTIFY round trip.
    let outboxWritten: Wakeup
    /// Starts and ends the handling spans (nothing with the `NoOpTracer`).
    let tracing: HandlingTracer
    let stop = StopSignal()
    private let board: LaneBoard

    init(
        amqp: AMQPConnection.Configuration, database: PostgresConnection.Configuration, processor: MessageProcessor,
        topology: Topology, configuration: Configuration, metrics: WorkerMetrics, health: WorkerHealth,
        logger: Logger, clock: @escaping @Sendable () -> Date, afterCommit: (@Sendable () -> Void)?, outboxWritten: Wakeup,
        tracing: HandlingTracer
    ) {
        self.tracing = tracing
        self.amqp = amqp
        self.database = database
        self.processor = processor
        self.topology = topology
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.afterCommit = afterCommit
        self.outboxWritten = outboxWritten
        board = LaneBoard(lanes: configuration.concurrency, health: health)
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await consumeUntilStopped()
        } onGracefulShutdown: {
            self.stop.stop()
        }
    }

    private func consumeUntilStopped() async {
        var failures = 0
        while !stop.isStopped && !Task.isCancelled {
            var failure = "the lanes ended without being asked to"
            do {
                try await runLanes()
            } catch {
                failure = describe(error)
            }
            board.reset()
            if stop.isStopped || Task.isCancelled { break }
            if board.takeProgress() { failures = 0 }
            let delay = configuration.reconnect.delay(attempt: failures)
            logger.warning(
                "consumer lanes failed; restarting them",
                metadata: [
                    "error": "\(failure)", "restart_in": "\(delay)", "failures": "\(failures + 1)",
                ])
            await stop.sleep(delay)
            failures += 1
        }
        board.reset()
        logger.info("consumer stopped")
    }

    /// Connects, declares the topology and runs the lanes until the worker
    /// stops (returns) or the first lane fails (throws, once every lane has
    /// ended and both connections are closed).
    private func runLanes() async throws {
        guard let consuming = await connectBroker(amqp) else { return }
        var publisherConfiguration = amqp
        publisherConfiguration.connectionName += "-publish"
        guard let publishing = await connectBroker(publisherConfiguration) else {
            await consuming.close()
            return
        }
        do {
            let setup = try await consuming.openChannel()
            try await topology.declare(on: setup)
            try await setup.close()
            // Every lane's publish channel opens before any lane consumes: once
            // a lane has published into a resource alarm the broker stops
            // reading the publishing connection, and a later channel.open on
            // it would wait for the alarm to clear.
            var publishers: [AMQPChannel] = []
            for _ in 0..<configuration.concurrency {
                let publisher = try await publishing.openChannel()
                try await publisher.enableConfirms()
                publishers.append(publisher)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<configuration.concurrency {
                    let lane = ConsumerLane(
                        index: index, service: self, board: board,
                        logger: logger.with(metadataKey: "worker_lane", value: "\(index)")
                    )
                    let publisher = publishers[index]
                    group.addTask { try await lane.run(consuming: consuming, publisher: publisher) }
                }
                // The first failure leaves the body: the group cancels the
                // other lanes and waits for them.
                while try await group.next() != nil {}
            }
            logger.debug("lanes stopped; closing the broker connections")
            await consuming.close()
            await publishing.close()
        } catch {
            await consuming.close()
            await publishing.close()
            throw error
        }
    }

    /// Connects, retrying with backoff until it works or the worker stops (then nil).
    private func connectBroker(_ configuration: AMQPConnection.Configuration) async -> AMQPConnection? {
        var attempt = 0
        while !stop.isStopped && !Task.isCancelled {
            do {
                return try await AMQPConnection.connect(configuration, logger: logger)
            } catch {
                logger.warning("cannot reach the broker", metadata: ["amqp_error": "\(error)", "amqp_attempt": "\(attempt)"])
                await stop.sleep(self.configuration.reconnect.delay(attempt: attempt))
                attempt += 1
            }
        }
        return nil
    }
}

extension Logger {
    func with(metadataKey key: String, value: String) -> Logger {
        var copy = self
        copy[metadataKey: key] = .string(value)
        return copy
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
