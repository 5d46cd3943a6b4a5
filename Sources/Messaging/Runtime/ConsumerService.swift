public import AMQP
import Foundation
public import Logging
public import Postgres
public import Retry
public import ServiceLifecycle

/// Takes deliveries from the work queue and runs them through the processor.
///
/// `concurrency` lanes run side by side, each with its own channel, consumer
/// and database connection. A lane takes whatever has arrived (up to
/// `batchSize`), handles it in one transaction, sends failures to a retry
/// queue or the parking queue with publisher confirms, and then settles the
/// whole batch with one multiple-ack. Acks come only after the commit (and
/// after retries are confirmed), so a crash in between redelivers, and the
/// inbox makes the redelivery a no-op.
///
/// A lost database does not burn retries: the lane keeps its batch, reconnects
/// and runs it again. A lost broker ends the lanes' channels; the service
/// reconnects, and unacked deliveries come back.
public final class ConsumerService: Service, Sendable {
    public struct Configuration: Sendable {
        /// Unacked deliveries per lane. Default 64.
        public var prefetch: UInt16
        /// Lanes, each with a database connection. Default 2.
        public var concurrency: Int
        /// Most deliveries handled in one transaction. Default 32.
        public var batchSize: Int
        /// Serialization failures or deadlocks tolerated before a batch is split
        /// and its messages retried through the queues. Default 5.
        public var conflictRetries: Int
        /// Reconnect backoff for broker and database. Default 200 ms up to 5 s.
        public var reconnect: Backoff

        public init(
            prefetch: UInt16 = 64, concurrency: Int = 2, batchSize: Int = 32, conflictRetries: Int = 5,
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        ) {
            self.prefetch = prefetch
            self.concurrency = concurrency
            self.batchSize = batchSize
            self.conflictRetries = conflictRetries
            self.reconnect = reconnect
        }
    }

    let amqp: AMQPConnection.Configuration
    let database: PostgresConnection.Configuration
    let processor: MessageProcessor
    let topology: Topology
    let configuration: Configuration
    let metrics: WorkerMetrics
    let health: WorkerHealth
    let logger: Logger
    let clock: @Sendable () -> Date
    let failpoints: Failpoints
    private let stop = StopSignal()

    init(
        amqp: AMQPConnection.Configuration, database: PostgresConnection.Configuration, processor: MessageProcessor,
        topology: Topology, configuration: Configuration, metrics: WorkerMetrics, health: WorkerHealth,
        logger: Logger, clock: @escaping @Sendable () -> Date, failpoints: Failpoints
    ) {
        self.amqp = amqp
        self.database = database
        self.processor = processor
        self.topology = topology
        self.configuration = configuration
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.clock = clock
        self.failpoints = failpoints
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await consumeUntilStopped()
        } onGracefulShutdown: {
            self.stop.stop()
        }
    }

    private func consumeUntilStopped() async throws {
        var failures = 0
        while !stop.isStopped {
            guard let connection = await connectBroker() else { break }
            do {
                let setup = try await connection.openChannel()
                try await topology.declare(on: setup)
                try await setup.close()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in 0..<configuration.concurrency {
                        group.addTask { try await self.runLane(lane, connection) }
                    }
                    try await group.waitForAll()
                }
                logger.debug("lanes stopped; closing the broker connection")
                await connection.close()
                failures = 0
            } catch {
                health.set(.consumer, ready: false)
                await connection.close()
                if stop.isStopped { break }
                logger.warning("consumer lost its broker connection; reconnecting", metadata: ["amqp_error": "\(error)"])
                await stop.sleep(configuration.reconnect.delay(attempt: failures))
                failures += 1
            }
        }
        health.set(.consumer, ready: false)
        logger.info("consumer stopped")
    }

    /// Connects, retrying until it works or the worker stops (then nil).
    private func connectBroker() async -> AMQPConnection? {
        var attempt = 0
        while !stop.isStopped {
            do {
                return try await AMQPConnection.connect(amqp, logger: logger)
            } catch {
                logger.warning("cannot reach the broker", metadata: ["amqp_error": "\(error)", "amqp_attempt": "\(attempt)"])
                await stop.sleep(configuration.reconnect.delay(attempt: attempt))
                attempt += 1
            }
        }
        return nil
    }

    /// Connects to the database, retrying until it works or the worker stops (then nil).
    private func connectDatabase() async -> PostgresConnection? {
        var attempt = 0
        while !stop.isStopped {
            do {
                return try await PostgresConnection.connect(database, logger: logger)
            } catch {
                logger.warning("cannot reach the database", metadata: ["pg_error": "\(error)", "pg_attempt": "\(attempt)"])
                await stop.sleep(configuration.reconnect.delay(attempt: attempt))
                attempt += 1
            }
        }
        return nil
    }

    // MARK: one lane

    private func runLane(_ lane: Int, _ connection: AMQPConnection) async throws {
        let logger = self.logger.with(metadataKey: "worker_lane", value: "\(lane)")
        guard var database = await connectDatabase() else { return }
        do {
            try await consume(connection, database: &database, logger: logger)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    private func consume(_ connection: AMQPConnection, database: inout PostgresConnection, logger: Logger) async throws {
        let deliveries = try await connection.openChannel()
        try await deliveries.setPrefetch(configuration.prefetch)
        let publisher = try await connection.openChannel()
        try await publisher.enableConfirms()
        let consumer = try await deliveries.consume(queue: topology.workQueue)
        stop.onStop { Task { try? await consumer.cancel() } }
        health.set(.consumer, ready: true)
        logger.debug("lane consuming", metadata: ["amqp_queue": "\(topology.workQueue)", "amqp_channel": "\(deliveries.id)"])

        while true {
            let batch = try await consumer.nextBatch(max: configuration.batchSize)
            guard let last = batch.last else { break }
            guard let outcomes = try await process(batch, database: &database, logger: logger) else {
                // Stopped while the database was away: give the batch back.
                try await deliveries.nack(last.deliveryTag, multiple: true, requeue: true)
                break
            }
            try await settle(batch, outcomes, publisher: publisher, logger: logger)
            failpoints.afterCommit()
            try await deliveries.ack(last.deliveryTag, multiple: true)
        }
        logger.debug("lane draining done; closing channels")
        try? await deliveries.close()
        try? await publisher.close()
        logger.debug("lane stopped")
    }

    /// Runs a batch until it commits. Returns nil only if the worker stopped
    /// while the database could not be reached.
    private func process(
        _ batch: [AMQPDelivery], database: inout PostgresConnection, logger: Logger
    ) async throws -> [(EnvelopeHeader?, MessageProcessor.Outcome)]? {
        let prepared = batch.map { processor.prepare($0.incoming(trusting: topology)) }
        let started = ContinuousClock.now
        guard let outcomes = try await run(prepared, database: &database, logger: logger) else { return nil }
        let perMessage = (ContinuousClock.now - started) / max(1, batch.count)
        for _ in batch { metrics.handlerLatency.recordNanoseconds(perMessage.nanoseconds) }
        return Array(zip(prepared.map(\.header), outcomes))
    }

    private func run(
        _ prepared: [MessageProcessor.Prepared], database: inout PostgresConnection, logger: Logger
    ) async throws -> [MessageProcessor.Outcome]? {
        var conflicts = 0
        while true {
            do {
                return try await processor.process(prepared, now: clock(), on: database)
            } catch let error as PostgresError where error.isConnectionFailure {
                health.set(.consumer, ready: false)
                logger.warning("database lost; the batch waits for it", metadata: ["pg_error": "\(error)"])
                await database.close()
                guard let fresh = await connectDatabase() else { return nil }
                database = fresh
                health.set(.consumer, ready: true)
            } catch let error as PostgresError where error.isSerializationFailure {
                conflicts += 1
                guard conflicts > configuration.conflictRetries else {
                    try await Task.sleep(for: Backoff(initial: .milliseconds(10), maximum: .milliseconds(500)).delay(attempt: conflicts))
                    continue
                }
                guard prepared.count > 1 else { return [.failed(describe(error))] }
                // Keep conflicting messages from holding each other up.
                var outcomes: [MessageProcessor.Outcome] = []
                for item in prepared {
                    guard let one = try await run([item], database: &database, logger: logger) else { return nil }
                    outcomes += one
                }
                return outcomes
            }
        }
    }

    /// Sends failures to retry or parking (confirmed) and records the rest.
    private func settle(
        _ batch: [AMQPDelivery], _ outcomes: [(EnvelopeHeader?, MessageProcessor.Outcome)], publisher: AMQPChannel, logger: Logger
    ) async throws {
        var confirms: [PublishConfirm] = []
        for (delivery, (header, outcome)) in zip(batch, outcomes) {
            let logger = messageLogger(logger, delivery, header)
            switch outcome {
            case .handled(let effects):
                metrics.handled.increment()
                if let rejection = effects.rejection {
                    metrics.rejected.increment()
                    logger.info("command rejected", metadata: ["reason": "\(rejection.reason)", "detail": "\(rejection.message)"])
                } else {
                    logger.debug("handled", metadata: ["published": "\(effects.published.count)"])
                }
            case .duplicate:
                metrics.duplicates.increment()
                logger.debug("duplicate delivery ignored")
            case .failed(let error):
                metrics.failed.increment()
                confirms.append(try await retryOrPark(delivery, error: error, publisher: publisher, logger: logger))
            case .park(let reason, let error):
                confirms.append(try await park(delivery, reason: reason, error: error, attempts: delivery.incoming(trusting: topology).attempt, publisher: publisher, logger: logger))
            }
        }
        for confirm in confirms { try await confirm.wait() }
    }

    private func retryOrPark(_ delivery: AMQPDelivery, error: String, publisher: AMQPChannel, logger: Logger) async throws -> PublishConfirm {
        let attempt = delivery.incoming(trusting: topology).attempt + 1
        guard let route = topology.retryRoute(forAttempt: attempt) else {
            return try await park(delivery, reason: .handlerFailed, error: error, attempts: attempt, publisher: publisher, logger: logger)
        }
        metrics.retried.increment()
        logger.warning("handler failed; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)", "amqp_route": "\(route)"])
        var properties = kernelProperties(delivery)
        properties.headers[KernelHeaders.attempt] = .int64(Int64(attempt))
        properties.headers[KernelHeaders.error] = .string(String(error.prefix(1000)))
        return try await publisher.send(delivery.body, exchange: topology.kernelExchange, routingKey: route, properties: properties, mandatory: true)
    }

    private func park(
        _ delivery: AMQPDelivery, reason: ParkReason, error: String, attempts: Int, publisher: AMQPChannel, logger: Logger
    ) async throws -> PublishConfirm {
        metrics.parked.increment()
        logger.error("message parked", metadata: ["reason": "\(reason.rawValue)", "error": "\(error)", "attempts": "\(attempts)"])
        var properties = kernelProperties(delivery)
        properties.headers[KernelHeaders.attempt] = .int64(Int64(attempts))
        properties.headers[KernelHeaders.parkReason] = .string(reason.rawValue)
        properties.headers[KernelHeaders.error] = .string(String(error.prefix(1000)))
        properties.headers[KernelHeaders.parkedAt] = .string(MessageCoding.formatTimestamp(clock()))
        properties.headers[KernelHeaders.worker] = .string(topology.worker)
        return try await publisher.send(
            delivery.body, exchange: topology.kernelExchange, routingKey: Topology.parkingRoute, properties: properties, mandatory: true
        )
    }

    /// The delivery's properties with where it came from recorded, and the
    /// broker's own bookkeeping headers dropped (they describe the old copy).
    private func kernelProperties(_ delivery: AMQPDelivery) -> AMQPProperties {
        var properties = delivery.properties
        properties.persistent = true
        properties.headers[KernelHeaders.routingKey] = .string(delivery.incoming(trusting: topology).routingKey)
        properties.headers[KernelHeaders.exchange] = .string(delivery.originalExchange(trusting: topology))
        properties.headers[KernelHeaders.deliveryCount] = nil
        properties.headers["x-death"] = nil
        properties.headers["x-first-death-exchange"] = nil
        properties.headers["x-first-death-queue"] = nil
        properties.headers["x-first-death-reason"] = nil
        return properties
    }

    /// Metadata from the envelope when it could be read, else from the AMQP properties.
    private func messageLogger(_ logger: Logger, _ delivery: AMQPDelivery, _ header: EnvelopeHeader?) -> Logger {
        var logger = logger
        let messageId = header.map { $0.id.description } ?? delivery.properties.messageId ?? "-"
        let correlationId = header.map { $0.correlationId.description } ?? delivery.properties.correlationId ?? "-"
        logger[metadataKey: "message_id"] = "\(messageId)"
        logger[metadataKey: "correlation_id"] = "\(correlationId)"
        logger[metadataKey: "message_type"] = "\(delivery.incoming(trusting: topology).routingKey)"
        return logger
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
