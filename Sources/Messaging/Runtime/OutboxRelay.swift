import AMQP
import Foundation
import Logging
import Postgres
public import Retry
public import ServiceLifecycle
import Synchronization

/// Publishes outbox rows with publisher confirms and marks them sent only
/// after the broker confirmed them.
///
/// Woken by NOTIFY right after a handler commits, with a slow poll as
/// backstop. Several relays may run against one database: rows are claimed
/// with `FOR UPDATE SKIP LOCKED`, and a row waits while an earlier row of its
/// aggregate is held elsewhere or waits after a refusal, so each aggregate's
/// messages leave in order. A crash between confirm and commit publishes a
/// row again; consumers' inboxes absorb that.
///
/// Failures: a round (one transaction) ends within `confirmTimeout`. A lost
/// or unresponsive server closes the connections and reconnects; a round that
/// fails on a server error is counted and retried. Both wait the `reconnect`
/// backoff, which grows with every failure in a row and resets only after a
/// round commits. A row the broker refuses waits with a delay of its own
/// (`refusedRowBackoff`) and is never dropped.
///
/// On graceful shutdown it flushes while rounds publish; a failure then ends
/// it, and what is left goes out on the next start (or from another
/// instance). Cancellation (the shutdown deadline) ends it at once.
public final class OutboxRelay: Service, Sendable {
    public struct Configuration: Sendable {
        /// Most rows per round. Default 1,024: a round waits for the broker's
        /// confirms (quorum queues: tens of milliseconds under load), so a
        /// backlog drains in big rounds; a quiet outbox makes small ones.
        /// (256 left the relay behind the lanes at batches of 200.)
        public var batchSize: Int
        /// Backstop poll when no NOTIFY arrives. Default 5 s.
        public var pollInterval: Duration
        /// Longest wait for the confirms of a round, counted from its start,
        /// and so the longest the round's transaction stays open. Past it the
        /// round is rolled back and the broker connection closed (a broker
        /// blocked by a resource alarm confirms nothing). Default 10 s.
        public var confirmTimeout: Duration
        /// Keep sent rows (and inbox rows, timers done) this long. Default 1 day.
        public var sentRetention: Duration
        /// Keep inbox rows this long: longer than any message can be redelivered. Default 7 days.
        public var inboxRetention: Duration
        /// How often to prune. Default 10 minutes.
        public var pruneInterval: Duration
        /// Delay after a failed round or connection attempt, by failures in a
        /// row. Default 200 ms doubling up to 5 s, with jitter.
        public var reconnect: Backoff
        /// Delay before a row the broker refused is offered again, by its
        /// refusals so far. Default 1 s doubling up to 5 minutes, no jitter.
        public var refusedRowBackoff: Backoff

        public init(
            batchSize: Int = 1024, pollInterval: Duration = .seconds(5), confirmTimeout: Duration = .seconds(10),
            sentRetention: Duration = .seconds(86_400), inboxRetention: Duration = .seconds(7 * 86_400),
            pruneInterval: Duration = .seconds(600),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5)),
            refusedRowBackoff: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(300), jitter: false)
        ) {
            self.batchSize = batchSize
            self.pollInterval = pollInterval
            self.confirmTimeout = confirmTimeout
            self.sentRetention = sentRetention
            self.inboxRetention = inboxRetention
            self.pruneInterval = pruneInterval
            self.reconnect = reconnect
            self.refusedRowBackoff = refusedRowBackoff
        }
    }

    let amqp: AMQPConnection.Configuration
    let database: PostgresConnection.Configuration
    let notifyChannel: String
    let configuration: Configuration
    let metrics: WorkerMetrics
    let health: WorkerHealth
    let logger: Logger
    let appId: String
    /// Wakes the relay: signalled by this worker's lanes after a commit, by
    /// NOTIFY (timers, other processes) and on stop.
    let wakeup: Wakeup
    private let stop = StopSignal()
    /// Rows the broker confirmed whose marking failed (the database went
    /// away, or refused the update); marked before anything is published
    /// again, so they do not go out twice.
    private let confirmedUnmarked = Mutex<Set<Int64>>([])

    init(
        amqp: AMQPConnection.Configuration, database: PostgresConnection.Configuration, notifyChannel: String,
        configuration: Configuration, metrics: WorkerMetrics, health: WorkerHealth, logger: Logger, appId: String,
        wakeup: Wakeup = Wakeup()
    ) {
        self.wakeup = wakeup
        self.amqp = amqp
        self.database = database
        self.notifyChannel = notifyChannel
        self.configuration = configuration
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.appId = appId
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await relayUntilStopped()
        } onGracefulShutdown: {
            self.stop.stop()
        }
    }

    private func relayUntilStopped() async {
        var failures = 0
        var session: RelaySession?
        var lastPrune = ContinuousClock.now - configuration.pruneInterval
        var backlogSeen: (at: ContinuousClock.Instant, waiting: Int)?
        while !Task.isCancelled {
            do {
                health.working(.relay)
                let current: RelaySession
                if let session {
                    current = session
                } else {
                    current = try await RelaySession.open(
                        amqp: amqp, database: database, notifyChannel: notifyChannel, stop: stop, wakeup: wakeup, logger: logger
                    )
                    session = current
                    health.set(.relay, ready: true)
                }
                try current.checkListener()
                try await markConfirmedLeftovers(current.database)
                let round = try await relayRound(current, backlogSeen: &backlogSeen)
                failures = 0
                health.progressed(.relay)
                if ContinuousClock.now - lastPrune >= configuration.pruneInterval {
                    try await prune(current.database)
                    lastPrune = ContinuousClock.now
                }
                if round.nacked {
                    // A channel opened while a quorum queue elected a new
                    // leader (a cluster node lost) can go on nacking every
                    // publish to it (RabbitMQ 3.10); a fresh one does not.
                    session = nil
                    await current.close(brokerAnswers: true)
                }
                if round.more { continue }
                if stop.isStopped {
                    // Flush: keep going while rounds publish.
                    if round.published > 0 { continue }
                    break
                }
                await current.wakeup.wait(upTo: wait(until: round.nextAttempt))
            } catch {
                if Task.isCancelled { break }
                let outage = Self.isOutage(error)
                // After a server error the session carries on if it still can.
                if let current = session, await Self.mustReconnect(after: outage, current) {
                    session = nil
                    health.set(.relay, ready: false)
                    await current.close(brokerAnswers: (error as? AMQPError)?.code != .timeout)
                }
                if outage { health.idle(.relay) } else { metrics.relayFailures.increment() }
                if stop.isStopped {
                    logger.error("relay stops with rows unsent; they go out on the next start", metadata: ["relay_error": "\(error)"])
                    break
                }
                let delay = configuration.reconnect.delay(attempt: failures)
                failures += 1
                logger.warning(
                    outage ? "relay lost a connection; retrying" : "relay round failed; retrying",
                    metadata: [
                        "relay_error": "\(error)", "relay_failures": "\(failures)", "relay_retry_in": "\(delay)",
                    ])
                await stop.sleep(delay)
            }
        }
        await session?.close(brokerAnswers: !Task.isCancelled)
        health.set(.relay, ready: false)
        health.idle(.relay)
        logger.info("relay stopped")
    }

    /// A server that is gone or does not answer: wait for it, it is not the
    /// relay's stall (readiness says so).
    static func isOutage(_ error: any Error) -> Bool {
        if let error = error as? AMQPError { return error.isConnectionFailure }
        if let error = error as? PostgresError { return error.isConnectionFailure }
        return false
    }

    private static func mustReconnect(after outage: Bool, _ session: RelaySession) async -> Bool {
        if outage { return true }
        return await !session.isUsable()
    }

    /// Until the next poll, or until a refused row may go again if sooner.
    private func wait(until nextAttempt: Date?) -> Duration {
        guard let nextAttempt else { return configuration.pollInterval }
        let milliseconds = max(0, Int64(nextAttempt.timeIntervalSinceNow * 1000) + 1)
        return min(configuration.pollInterval, .milliseconds(milliseconds))
    }

    /// One round in one transaction that ends within `confirmTimeout`: claim
    /// the rows due, publish them, wait for their confirms, mark the confirmed
    /// ones sent and the refused ones waiting. `more` says another round has
    /// work right away (a full batch, or rows held for the next round).
    ///
    /// The backlog (metrics, and when a refused row is due) is read at most
    /// once a second while no row waits after a refusal: under load it would
    /// be a statement per round for figures nobody reads that often.
    private func relayRound(
        _ session: RelaySession, backlogSeen: inout (at: ContinuousClock.Instant, waiting: Int)?
    ) async throws -> (published: Int, more: Bool, nextAttempt: Date?, nacked: Bool) {
        let deadline = ContinuousClock.now + configuration.confirmTimeout
        let db = session.database
        do {
            // BEGIN and the claim in one call on the database's thread; the
            // marking, the refusals and COMMIT below in one round trip.
            let claimed = try await db.begin(claiming: configuration.batchSize, now: Date())
            let rows = OutboxRow.publishableTogether(claimed)
            let confirms = Array(zip(rows, try await session.channel.send(rows.map(publication))))
            // The broker confirms in publish order, mostly many at once: one
            // wait for the last, instead of a timed wait (a task group, a
            // timer and a hop through the cooperative pool) for each row still
            // unconfirmed as the loop reaches it. Its outcome is read below.
            if let (_, last) = confirms.last {
                try? await last.wait(timeout: max(.zero, deadline - .now))
            }
            var sent: [Int64] = []
            var refused: [(id: Int64, delay: Duration)] = []
            var nacked = false
            for (row, confirm) in confirms {
                do {
                    try await confirm.wait(timeout: max(.zero, deadline - .now))
                    sent.append(row.id)
                } catch let error as AMQPError where error.code == .publishNacked || error.code == .publishReturned {
                    let delay = configuration.refusedRowBackoff.delay(attempt: row.attempts)
                    refused.append((row.id, delay))
                    nacked = nacked || error.code == .publishNacked
                    logger.error(
                        "broker refused an outbox message; it waits and goes again",
                        metadata: [
                            "outbox_id": "\(row.id)", "outbox_attempts": "\(row.attempts + 1)", "outbox_retry_in": "\(delay)",
                            "amqp_error": "\(error)",
                        ])
                }
            }
            // Remembered until the commit holds, in case the database goes away first.
            confirmedUnmarked.withLock { $0.formUnion(sent) }
            let now = Date()
            let sampleDue = backlogSeen.map { $0.waiting > 0 || ContinuousClock.now - $0.at >= .seconds(1) } ?? true
            let backlog = try await db.commit(marking: sent, refused: refused, at: now, readingBacklog: sampleDue || !refused.isEmpty)
            confirmedUnmarked.withLock { $0.subtract(sent) }
            metrics.published.increment(by: sent.count)
            metrics.outboxRefused.increment(by: refused.count)
            if let backlog {
                backlogSeen = (.now, backlog.waiting)
                metrics.outboxPending.record(backlog.pending)
                metrics.outboxWaiting.record(backlog.waiting)
                metrics.outboxLag.record(backlog.oldestAge)
            }
            let more = claimed.count == configuration.batchSize || rows.count < claimed.count
            return (sent.count, more, backlog?.nextAttempt, nacked)
        } catch {
            if await db.isUsable { _ = try? await db.execute("ROLLBACK") }
            throw error
        }
    }

    private func publication(_ row: OutboxRow) -> AMQPPublication {
        let message = row.message
        var properties = AMQPProperties(
            contentType: "application/json", persistent: true, correlationId: message.correlationId.description,
            messageId: message.messageId.description,
            timestamp: UInt64(max(0, message.occurredAt.timeIntervalSince1970)), type: message.messageType, appId: appId
        )
        if let trace = message.trace { properties.headers = trace.amqpHeaders }
        return AMQPPublication(
            body: Array(message.body.utf8), exchange: message.exchange, routingKey: message.routingKey,
            properties: properties, mandatory: row.mustBeRouted
        )
    }

    private func markConfirmedLeftovers(_ db: PostgresConnection) async throws {
        let ids = confirmedUnmarked.withLock { $0 }
        guard !ids.isEmpty else { return }
        let now = Date()
        try await db.transaction { db in try OutboxStore.markSent(Array(ids), at: now, db) }
        confirmedUnmarked.withLock { $0.subtract(ids) }
        logger.info("marked rows confirmed before their marking failed", metadata: ["outbox_rows": "\(ids.count)"])
    }

    private func prune(_ db: PostgresConnection) async throws {
        let now = Date()
        let sentBefore = now.addingTimeInterval(-configuration.sentRetention.seconds)
        let inboxBefore = now.addingTimeInterval(-configuration.inboxRetention.seconds)
        let removed = try await db.transaction { db in
            try OutboxStore.prune(sentBefore: sentBefore, inboxBefore: inboxBefore, db)
        }
        if removed > 0 { logger.debug("pruned kernel rows", metadata: ["pruned": "\(removed)"]) }
    }
}

extension PostgresConnection {
    /// BEGIN, then the claim: one hop to the database's thread.
    fileprivate func begin(claiming limit: Int, now: Date) throws -> [OutboxRow] {
        try pipeline { db in
            try db.enqueue("BEGIN")
            return try OutboxStore.claim(limit: limit, now: now, db)
        }
    }

    /// Marks the round's rows and COMMITs in one round trip (two when the
    /// backlog is read, which must see the round's own marking).
    fileprivate func commit(
        marking sent: [Int64], refused: [(id: Int64, delay: Duration)], at now: Date, readingBacklog: Bool
    ) throws -> OutboxBacklog? {
        try pipeline { db in
            try OutboxStore.markSent(sent, at: now, db)
            try OutboxStore.recordRefusals(refused, at: now, db)
            let backlog = readingBacklog ? try OutboxStore.backlog(now: now, db) : nil
            try db.enqueue("COMMIT")
            return backlog
        }
    }
}
