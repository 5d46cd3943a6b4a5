public import AMQP
import Foundation
public import Logging
public import Postgres
public import Retry
public import ServiceLifecycle
import Synchronization

/// Publishes outbox rows with publisher confirms and marks them sent only
/// after the broker confirmed them.
///
/// Woken by NOTIFY right after a handler commits, with a slow poll as
/// backstop. Several relays may run against one database: rows are claimed
/// with `FOR UPDATE SKIP LOCKED`, and a row waits while an earlier row of its
/// aggregate is held elsewhere, so each aggregate's messages leave in order.
/// A crash between confirm and commit publishes a row again; consumers'
/// inboxes absorb that. On shutdown it flushes what is left, then stops.
public final class OutboxRelay: Service, Sendable {
    public struct Configuration: Sendable {
        /// Rows per round. Default 256.
        public var batchSize: Int
        /// Backstop poll when no NOTIFY arrives. Default 5 s.
        public var pollInterval: Duration
        /// Keep sent rows (and inbox rows, timers done) this long. Default 1 day.
        public var sentRetention: Duration
        /// Keep inbox rows this long: longer than any message can be redelivered. Default 7 days.
        public var inboxRetention: Duration
        /// How often to prune. Default 10 minutes.
        public var pruneInterval: Duration
        public var reconnect: Backoff

        public init(
            batchSize: Int = 256, pollInterval: Duration = .seconds(5), sentRetention: Duration = .seconds(86_400),
            inboxRetention: Duration = .seconds(7 * 86_400), pruneInterval: Duration = .seconds(600),
            reconnect: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        ) {
            self.batchSize = batchSize
            self.pollInterval = pollInterval
            self.sentRetention = sentRetention
            self.inboxRetention = inboxRetention
            self.pruneInterval = pruneInterval
            self.reconnect = reconnect
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
    private let stop = StopSignal()
    /// Rows the broker confirmed whose marking was lost with the database
    /// connection; marked first thing on reconnect so they do not go out twice.
    private let confirmedUnmarked = Mutex<[Int64]>([])

    init(
        amqp: AMQPConnection.Configuration, database: PostgresConnection.Configuration, notifyChannel: String,
        configuration: Configuration, metrics: WorkerMetrics, health: WorkerHealth, logger: Logger, appId: String
    ) {
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
        var lastPrune = ContinuousClock.now - configuration.pruneInterval
        while true {
            var session: Session?
            do {
                let open = try await Session.open(self)
                session = open
                try await markConfirmedLeftovers(open.database)
                health.set(.relay, ready: true)
                failures = 0
                while true {
                    guard !open.listenerFailed.load(ordering: .acquiring) else {
                        throw PostgresError(.connectionLost, "the NOTIFY listener lost its connection")
                    }
                    let (published, retryLater) = try await relayRound(open)
                    if ContinuousClock.now - lastPrune >= configuration.pruneInterval {
                        try await prune(open.database)
                        lastPrune = ContinuousClock.now
                    }
                    if published == configuration.batchSize && !retryLater { continue }
                    if stop.isStopped {
                        // Flush: keep going until nothing is left that can go out.
                        if published > 0 && !retryLater { continue }
                        break
                    }
                    await open.wakeup.wait(upTo: configuration.pollInterval)
                }
                await open.close()
                break
            } catch {
                health.set(.relay, ready: false)
                await session?.close()
                if stop.isStopped && failures > 3 {
                    logger.error("relay stops with rows possibly unsent; they go out on next start", metadata: ["relay_error": "\(error)"])
                    break
                }
                logger.warning("relay lost a connection; reconnecting", metadata: ["relay_error": "\(error)"])
                await stop.sleep(configuration.reconnect.delay(attempt: failures))
                failures += 1
            }
        }
        health.set(.relay, ready: false)
        logger.info("relay stopped")
    }

    /// Publishes one round; returns how many rows went out, and whether some
    /// could not (nacked or unroutable) and should wait for the next poll.
    private func relayRound(_ session: Session) async throws -> (Int, Bool) {
        let db = session.database
        try await db.execute("BEGIN")
        do {
            let rows = try await db.claim(limit: configuration.batchSize)
            var confirms: [(Int64, PublishConfirm)] = []
            for row in rows {
                let message = row.message
                let properties = AMQPProperties(
                    contentType: "application/json", persistent: true, correlationId: message.correlationId.description,
                    messageId: message.messageId.description,
                    timestamp: UInt64(max(0, message.occurredAt.timeIntervalSince1970)), type: message.messageType,
                    appId: appId
                )
                // Commands must reach a queue; an event nobody subscribes to is fine.
                let confirm = try await session.channel.send(
                    Array(message.body.utf8), exchange: message.exchange, routingKey: message.routingKey,
                    properties: properties, mandatory: message.exchange == Exchanges.commands
                )
                confirms.append((row.id, confirm))
            }
            var sent: [Int64] = []
            var refused = false
            for (id, confirm) in confirms {
                do {
                    try await confirm.wait()
                    sent.append(id)
                } catch let error as AMQPError where error.code == .publishNacked || error.code == .publishReturned {
                    refused = true
                    logger.error("broker refused an outbox message; it stays unsent", metadata: ["outbox_id": "\(id)", "amqp_error": "\(error)"])
                }
            }
            let now = Date()
            // Remembered until the commit holds, in case the database goes away first.
            confirmedUnmarked.withLock { $0 += sent }
            try await db.markSent(sent, at: now)
            let backlog = try await db.backlog(now: now)
            try await db.execute("COMMIT")
            let done = Set(sent)
            confirmedUnmarked.withLock { $0.removeAll { done.contains($0) } }
            metrics.published.increment(by: sent.count)
            metrics.outboxPending.record(backlog.count)
            metrics.outboxLag.record(backlog.oldestAge)
            return (sent.count, refused)
        } catch {
            if await db.isUsable { _ = try? await db.execute("ROLLBACK") }
            throw error
        }
    }

    private func markConfirmedLeftovers(_ db: PostgresConnection) async throws {
        let ids = confirmedUnmarked.withLock { $0 }
        guard !ids.isEmpty else { return }
        let now = Date()
        try await db.transaction { db in try OutboxStore.markSent(ids, at: now, db) }
        confirmedUnmarked.withLock { $0.removeAll { ids.contains($0) } }
        logger.info("marked rows confirmed before the database went away", metadata: ["outbox_rows": "\(ids.count)"])
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

    /// The relay's connections: a confirm channel, a database connection for
    /// its transactions, and a listener that turns NOTIFY into wake-ups.
    private final class Session: Sendable {
        let connection: AMQPConnection
        let channel: AMQPChannel
        let database: PostgresConnection
        let listener: PostgresListener
        let wakeup = Wakeup()
        /// Set when the listener broke; the loop then reconnects everything.
        let listenerFailed = Atomic<Bool>(false)
        private let forwarder = Mutex<Task<Void, Never>?>(nil)

        private init(connection: AMQPConnection, channel: AMQPChannel, database: PostgresConnection, listener: PostgresListener) {
            self.connection = connection
            self.channel = channel
            self.database = database
            self.listener = listener
        }

        static func open(_ relay: OutboxRelay) async throws -> Session {
            let connection = try await AMQPConnection.connect(relay.amqp, logger: relay.logger)
            do {
                let channel = try await connection.openChannel()
                try await channel.enableConfirms()
                let database = try await PostgresConnection.connect(relay.database, logger: relay.logger)
                let listener = try await PostgresListener.listen(relay.database, channels: [relay.notifyChannel], logger: relay.logger)
                let session = Session(connection: connection, channel: channel, database: database, listener: listener)
                relay.stop.onStop { [weak session] in session?.wakeup.signal() }
                session.forwarder.withLock {
                    $0 = Task { [weak session] in
                        do {
                            for try await _ in listener.notifications { session?.wakeup.signal() }
                        } catch {
                            session?.listenerFailed.store(true, ordering: .releasing)
                            session?.wakeup.signal()
                        }
                    }
                }
                return session
            } catch {
                await connection.close()
                throw error
            }
        }

        func close() async {
            listener.stop()
            forwarder.withLock { $0?.cancel() }
            await database.close()
            await connection.close()
        }
    }
}

extension PostgresConnection {
    fileprivate func claim(limit: Int) throws -> [OutboxRow] { try OutboxStore.claim(limit: limit, self) }
    fileprivate func markSent(_ ids: [Int64], at now: Date) throws { try OutboxStore.markSent(ids, at: now, self) }
    fileprivate func backlog(now: Date) throws -> (count: Int, oldestAge: Double) { try OutboxStore.backlog(now: now, self) }
}
