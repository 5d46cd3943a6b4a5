import AMQP
import Foundation
import Logging
import Postgres
import Retry

/// One consumer lane: a channel and consumer on the consuming connection, a
/// confirmed channel on the publishing connection for retries and parking,
/// and a database connection of its own.
///
/// It takes whatever has arrived (up to `batchSize`), handles it in one
/// transaction, sends failures to a retry queue or the parking queue, and
/// acks only after the commit and the confirms. A redelivered message (the
/// broker sets the flag, so it cannot be forged) may be what crashed the
/// worker: each is counted first and then handled alone, so a poison message
/// is parked after `maxDeliveries` and cannot take its batch-mates down with it.
struct ConsumerLane: Sendable {
    let index: Int
    let service: ConsumerService
    let board: LaneBoard
    let logger: Logger

    private var processor: MessageProcessor { service.processor }
    private var topology: Topology { service.topology }
    private var configuration: ConsumerService.Configuration { service.configuration }

    /// Consumes until the worker stops (returns) or something fails (throws,
    /// after closing its channel so its unacked deliveries go back to the queue).
    func run(consuming: AMQPConnection, publisher: AMQPChannel) async throws {
        guard var database = await connectDatabase() else { return }
        let deliveries: AMQPChannel
        do {
            deliveries = try await consuming.openChannel()
        } catch {
            await database.close()
            throw error
        }
        do {
            try await consume(deliveries, publisher: publisher, database: &database)
            board.lane(index, consuming: false)
            try? await deliveries.close()
            await database.close()
            logger.debug("lane stopped")
        } catch {
            board.lane(index, consuming: false)
            board.idle(index)
            try? await deliveries.close()
            await database.close()
            throw error
        }
    }

    private func consume(_ deliveries: AMQPChannel, publisher: AMQPChannel, database: inout PostgresConnection) async throws {
        try await deliveries.setPrefetch(configuration.prefetch)
        let consumer = try await deliveries.consume(queue: topology.workQueue)
        let cancelOnStop = service.stop.onStop { Task { try? await consumer.cancel() } }
        defer { service.stop.forget(cancelOnStop) }
        board.lane(index, consuming: true)
        logger.debug("lane consuming", metadata: ["amqp_queue": "\(topology.workQueue)", "amqp_channel": "\(deliveries.id)"])
        while true {
            board.idle(index)
            let batch = try await consumer.nextBatch(max: configuration.batchSize)
            guard !batch.isEmpty else { break }
            board.working(index)
            guard try await handle(batch, deliveries: deliveries, publisher: publisher, database: &database) else { break }
            board.finished(index)
        }
    }

    /// Handles a batch: redelivered messages first, each counted and then
    /// handled and acked alone; then the rest in one transaction, acked with
    /// one multiple-ack. A message back from a retry queue that names someone
    /// being erased is dropped (and a command answered) instead of handled.
    /// False when the worker stopped while the database was away (what is
    /// unacked goes back to the queue with the channel).
    private func handle(
        _ batch: [AMQPDelivery], deliveries: AMQPChannel, publisher: AMQPChannel, database: inout PostgresConnection
    ) async throws -> Bool {
        var incoming = batch.map { $0.kernelView(trusting: topology) }
        let spans = service.tracing.start(&incoming)
        var prepared = incoming.map(processor.prepare)
        guard let erased = try await mentioningErasedData(batch, incoming, database: &database) else { return false }
        for index in erased { prepared[index] = processor.dropping(prepared[index], delivery: incoming[index]) }
        var fresh: [Int] = []
        for index in batch.indices {
            guard batch[index].redelivered else {
                fresh.append(index)
                continue
            }
            var item = prepared[index]
            // Only a message its handler will run can be what crashed the worker.
            if case .handle(let bound) = item {
                guard let redeliveries = try await withDatabase(&database, { try await processor.countRedelivery(of: bound.header.id, on: $0) })
                else { return false }
                item = processor.limitingDeliveries(item, deliveries: redeliveries + 1)
            }
            guard let outcomes = try await process([item], database: &database) else { return false }
            let failures = try await settle([batch[index]], [incoming[index]], [item.header], outcomes, publisher: publisher)
            service.tracing.end(spans, [index], incoming, [item.header], outcomes, topology: topology)
            guard try await journal(failures, database: &database) else { return false }
            service.afterCommit?()
            try await deliveries.ack(batch[index].deliveryTag)
        }
        guard let last = fresh.last else { return true }
        let items = fresh.map { prepared[$0] }
        guard let outcomes = try await process(items, database: &database) else { return false }
        let failures = try await settle(fresh.map { batch[$0] }, fresh.map { incoming[$0] }, items.map(\.header), outcomes, publisher: publisher)
        service.tracing.end(spans, fresh, incoming, items.map(\.header), outcomes, topology: topology)
        guard try await journal(failures, database: &database) else { return false }
        service.afterCommit?()
        try await deliveries.ack(batch[last].deliveryTag, multiple: true)
        return true
    }

    /// Writes the failures journal `batbern trace` reads, before the ack (a
    /// crash before it loses only the journal's line, never the message).
    /// False when the worker stopped while the database was away.
    private func journal(_ failures: [FailureRecord], database: inout PostgresConnection) async throws -> Bool {
        guard !failures.isEmpty else { return true }
        return try await withDatabase(&database) { try await KernelStore.recordFailures(failures, $0) } != nil
    }

    /// Runs messages until they commit. A batch that hits conflicts too often,
    /// or an error of the kernel's own SQL, is split and run one by one; a
    /// single message that still fails is `.failed` (retried, then parked).
    /// Nil only if the worker stopped while the database could not be reached.
    private func process(
        _ prepared: [MessageProcessor.Prepared], database: inout PostgresConnection
    ) async throws -> [MessageProcessor.Outcome]? {
        let started = ContinuousClock.now
        var conflicts = 0
        while true {
            do {
                let outcomes = try await processor.process(prepared, now: service.clock(), on: database)
                if outcomes.contains(where: \.mayHaveWrittenOutbox) { service.outboxWritten.signal() }
                let perMessage = (ContinuousClock.now - started) / max(1, prepared.count)
                for _ in prepared { service.metrics.handlerLatency.recordNanoseconds(perMessage.nanoseconds) }
                return outcomes
            } catch let error as PostgresError where error.isConnectionFailure {
                guard await reconnect(&database, after: error) else { return nil }
            } catch let error as PostgresError where error.isTransient {
                service.metrics.conflict(sqlState: error.sqlState)
                conflicts += 1
                if conflicts <= configuration.conflictRetries {
                    try await Task.sleep(for: configuration.conflictBackoff.delay(attempt: conflicts - 1))
                    continue
                }
                guard prepared.count > 1 else { return [.failed(describe(error))] }
                // Keep conflicting messages from holding each other up.
                service.metrics.batchesSplit.increment()
                return try await oneByOne(prepared, database: &database)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Handlers' errors are outcomes: this is the kernel's own SQL.
                guard prepared.count > 1 else { return [.failed(describe(error))] }
                logger.warning(
                    "a batch failed in the kernel's SQL; running its messages one by one",
                    metadata: [
                        "error": "\(describe(error))", "batch_size": "\(prepared.count)",
                    ])
                return try await oneByOne(prepared, database: &database)
            }
        }
    }

    private func oneByOne(
        _ prepared: [MessageProcessor.Prepared], database: inout PostgresConnection
    ) async throws -> [MessageProcessor.Outcome]? {
        var outcomes: [MessageProcessor.Outcome] = []
        for item in prepared {
            guard let one = try await process([item], database: &database) else { return nil }
            outcomes += one
        }
        return outcomes
    }

    /// Runs `work` until it succeeds, reconnecting a lost database and
    /// retrying conflicts with backoff. Nil if the worker stopped first.
    func withDatabase<T: Sendable>(
        _ database: inout PostgresConnection, _ work: (PostgresConnection) async throws -> T
    ) async throws -> T? {
        var conflicts = 0
        while true {
            do {
                return try await work(database)
            } catch let error as PostgresError where error.isConnectionFailure {
                guard await reconnect(&database, after: error) else { return nil }
            } catch let error as PostgresError where error.isTransient {
                service.metrics.conflict(sqlState: error.sqlState)
                try await Task.sleep(for: configuration.conflictBackoff.delay(attempt: conflicts))
                conflicts += 1
            }
        }
    }

    /// Replaces a lost database connection, waiting (not ready, idle) until
    /// it is back. False if the worker stopped or the lane was cancelled first.
    private func reconnect(_ database: inout PostgresConnection, after error: PostgresError) async -> Bool {
        board.lane(index, consuming: false)
        board.idle(index)
        logger.warning("database lost; the batch waits for it", metadata: ["pg_error": "\(describe(error))"])
        await database.close()
        guard let fresh = await connectDatabase() else { return false }
        database = fresh
        board.lane(index, consuming: true)
        return true
    }

    /// Connects to the database, retrying with backoff until it works, the
    /// worker stops or the lane is cancelled (then nil).
    private func connectDatabase() async -> PostgresConnection? {
        var attempt = 0
        while !service.stop.isStopped && !Task.isCancelled {
            do {
                return try await PostgresConnection.connect(service.database, logger: logger)
            } catch {
                logger.warning("cannot reach the database", metadata: ["pg_error": "\(describe(error))", "pg_attempt": "\(attempt)"])
                await service.stop.sleep(configuration.reconnect.delay(attempt: attempt))
                attempt += 1
            }
        }
        return nil
    }
}

extension AMQPDelivery {
    /// Everything the processor needs of a delivery; the kernel headers as
    /// `incoming(trusting:)` reads them.
    func kernelView(trusting topology: Topology) -> IncomingDelivery {
        var view = incoming(trusting: topology)
        view.exchange = originalExchange(trusting: topology)
        view.messageId = properties.messageId
        view.correlationId = properties.correlationId
        view.contentType = properties.contentType
        view.bodySize = bodySize
        view.isTruncated = isTruncated
        view.trace = TraceParent(amqpHeaders: properties.headers)
        return view
    }
}
