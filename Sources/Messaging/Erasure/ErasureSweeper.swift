import AMQP
import Foundation
import Logging
import Postgres
public import Retry
public import ServiceLifecycle
import Synchronization

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
            let wakeup = Wakeup()
            let listenerFailed = Atomic<Bool>(false)
            stop.onStop { wakeup.signal() }
            var listener: PostgresListener?
            var forwarder: Task<Void, Never>?
            var db: PostgresConnection?
            do {
                // Listening before the first look, so no commit goes unnoticed.
                let listening = try await PostgresListener.listen(
                    database, channels: [Self.notifyChannel(worker: topology.worker)], logger: logger
                )
                listener = listening
                forwarder = Task {
                    do {
                        for try await _ in listening.notifications { wakeup.signal() }
                    } catch {
                        listenerFailed.store(true, ordering: .releasing)
                        wakeup.signal()
                    }
                }
                let connection = try await PostgresConnection.connect(database, logger: logger)
                db = connection
                while !stop.isStopped {
                    guard !listenerFailed.load(ordering: .acquiring) else {
                        throw PostgresError(.connectionLost, "the NOTIFY listener lost its connection")
                    }
                    let next = try await pass(connection)
                    failures = 0
                    await wakeup.wait(upTo: next)
                }
            } catch {
                let delay = configuration.reconnect.delay(attempt: failures)
                if !stop.isStopped {
                    logger.warning("erasure sweep failed; trying again", metadata: [
                        "error": "\(describe(error))", "retry_in": "\(delay)", "failures": "\(failures + 1)",
                    ])
                }
                failures += 1
                await stop.sleep(delay)
            }
            listener?.stop()
            forwarder?.cancel()
            await db?.close()
        }
        logger.debug("erasure sweeper stopped")
    }

    /// Sweeps for the requests due, settles them, and returns how long to
    /// wait before looking again (a NOTIFY may end the wait sooner).
    private func pass(_ db: PostgresConnection) async throws -> Duration {
        let worker = topology.worker
        // Another replica is sweeping: look again shortly.
        guard try await ErasureStore.tryLock(worker: worker, db) else { return configuration.reconnect.initial }
        do {
            let now = clock()
            let due = try await ErasureStore.due(now: now, db)
            if !due.isEmpty {
                let removed = try await sweep(due, db)
                try await db.transaction { db in try ErasureStore.settle(due, at: now, db) }
                logger.info("erasure sweep of the parking queue done", metadata: [
                    "erasure_requests": "\(due.count)", "removed": "\(removed)",
                    "deleted_requests": "\(due.filter(\.expired).count)",
                ])
            }
            let windowEnd = try await ErasureStore.nextWindowEnd(db)
            try await ErasureStore.unlock(worker: worker, db)
            guard let windowEnd else { return configuration.pollInterval }
            let wait = Duration.milliseconds(max(0, Int64(windowEnd.timeIntervalSince(clock()) * 1000)))
            return min(wait, configuration.pollInterval)
        } catch {
            try? await ErasureStore.unlock(worker: worker, db)
            throw error
        }
    }

    /// Removes the parked messages that mention a needle of `due`, each
    /// command answered first (committed before the acks: a crash in
    /// between answers nothing twice). Logs each by id, type and park
    /// reason, never its body. Returns how many.
    private func sweep(_ due: [ErasureStore.Due], _ db: PostgresConnection) async throws -> Int {
        let connection = try await AMQPConnection.connect(amqp, logger: logger)
        do {
            var matched: [String] = []
            let removed = try await ParkingLot(topology: topology).remove(connection) { entry in
                guard let request = due.first(where: { $0.needles.isMentioned(in: entry.body) }) else { return false }
                matched.append(request.reason)
                return true
            } beforeRemoving: { entries in
                let dropped = entries.map { entry in
                    let delivery = IncomingDelivery(body: entry.body, routingKey: entry.routingKey, messageId: entry.messageId)
                    return processor.dropping(processor.prepare(delivery), delivery: delivery)
                }
                _ = try await processor.process(dropped, now: clock(), on: db)
            }
            await connection.close()
            for (entry, reason) in zip(removed, matched) {
                metrics.erased.increment()
                logger.notice("removed a parked message that mentions erased data", metadata: [
                    "message_id": "\(entry.messageId ?? "-")", "message_type": "\(entry.routingKey)",
                    "park_reason": "\(entry.reason)", "erasure_reason": "\(reason)",
                ])
            }
            return removed.count
        } catch {
            await connection.close()
            throw error
        }
    }
}
