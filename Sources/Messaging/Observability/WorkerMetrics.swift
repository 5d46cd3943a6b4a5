public import CoreMetrics

/// The kernel's metrics of one worker, labelled with its name.
///
/// Created from an explicit factory, so several workers in one process (tests)
/// keep their figures apart; production passes the Prometheus factory.
public struct WorkerMetrics: Sendable {
    /// Messages whose effects were committed (rejections included).
    public let handled: Counter
    /// Commands answered with CommandRejected.
    public let rejected: Counter
    /// Redeliveries the inbox recognised.
    public let duplicates: Counter
    /// Handler failures (each one is retried or parked).
    public let failed: Counter
    public let retried: Counter
    public let parked: Counter
    /// Messages removed from the parking queue, or dropped on their way back
    /// from a retry queue, because they mention data being erased.
    public let erased: Counter
    /// Time from taking a batch to committing it, per message.
    public let handlerLatency: Timer
    /// Messages the relay published.
    public let published: Counter
    /// Age in seconds of the oldest unsent outbox row (0 when none).
    public let outboxLag: Gauge
    /// Unsent outbox rows.
    public let outboxPending: Gauge
    /// Unsent rows the broker refused, waiting for their next attempt.
    public let outboxWaiting: Gauge
    /// Publishes the broker refused (a mandatory message no queue took, or a nack).
    public let outboxRefused: Counter
    /// Relay rounds that failed on a server error while connected (each is
    /// retried after a growing delay); lost connections are not counted.
    public let relayFailures: Counter
    public let timersFired: Counter
    /// Scheduler rounds that failed on a server error while connected.
    public let schedulerFailures: Counter
    /// 1 while the worker is ready (`/health/ready`), else 0; set when scraped.
    public let ready: Gauge
    /// 1 while no part of the worker has stalled (`/health/live`), else 0; set when scraped.
    public let live: Gauge
    /// Deadlocks a lane's transaction lost (40P01), served from the start
    /// at 0 as `batbern_transaction_conflicts_total{kind="deadlock"}`; see
    /// `conflict(sqlState:)` for the other kinds.
    public let deadlocks: Counter
    /// Serialization failures (40001), `kind="serialization"`, also from the start.
    public let serializationFailures: Counter
    /// Batches run one message at a time after more conflicts than the
    /// consumer's `conflictRetries`.
    public let batchesSplit: Counter
    /// Makes the conflict counters of rarer kinds when they first occur.
    private let factory: any MetricsFactory
    private let dimensions: [(String, String)]

    /// The conflicts' series, labelled `kind` (see `conflictKind`).
    public static let conflicts = "batbern_transaction_conflicts_total"

    public init(worker: String, factory: any MetricsFactory) {
        let dimensions = [("worker", worker)]
        func counter(_ label: String) -> Counter { Counter(label: label, dimensions: dimensions, factory: factory) }
        handled = counter("batbern_messages_handled_total")
        rejected = counter("batbern_commands_rejected_total")
        duplicates = counter("batbern_messages_duplicate_total")
        failed = counter("batbern_messages_failed_total")
        retried = counter("batbern_messages_retried_total")
        parked = counter("batbern_messages_parked_total")
        erased = counter("batbern_messages_erased_total")
        handlerLatency = Timer(label: "batbern_handler_duration_seconds", dimensions: dimensions, factory: factory)
        published = counter("batbern_outbox_published_total")
        outboxLag = Gauge(label: "batbern_outbox_lag_seconds", dimensions: dimensions, factory: factory)
        outboxPending = Gauge(label: "batbern_outbox_pending", dimensions: dimensions, factory: factory)
        outboxWaiting = Gauge(label: "batbern_outbox_waiting", dimensions: dimensions, factory: factory)
        outboxRefused = counter("batbern_outbox_refused_total")
        relayFailures = counter("batbern_outbox_relay_failures_total")
        timersFired = counter("batbern_timers_fired_total")
        schedulerFailures = counter("batbern_timer_scheduler_failures_total")
        ready = Gauge(label: "batbern_worker_ready", dimensions: dimensions, factory: factory)
        live = Gauge(label: "batbern_worker_live", dimensions: dimensions, factory: factory)
        deadlocks = Counter(label: Self.conflicts, dimensions: dimensions + [("kind", "deadlock")], factory: factory)
        serializationFailures = Counter(label: Self.conflicts, dimensions: dimensions + [("kind", "serialization")], factory: factory)
        batchesSplit = counter("batbern_batches_split_total")
        self.factory = factory
        self.dimensions = dimensions
    }

    /// Counts a transient error (`PostgresError.isTransient`) that made the
    /// kernel run its transaction again, split its batch or retry its message.
    public func conflict(sqlState: String?) {
        switch Self.conflictKind(sqlState: sqlState) {
        case "deadlock": deadlocks.increment()
        case "serialization": serializationFailures.increment()
        case let kind: Counter(label: Self.conflicts, dimensions: dimensions + [("kind", kind)], factory: factory).increment()
        }
    }

    /// The `kind` label of a conflict: `deadlock` (40P01), `serialization`
    /// (40001), else its SQLSTATE (55P03 a lock timeout, 26000 or 0A000 a
    /// stale prepared statement).
    public static func conflictKind(sqlState: String?) -> String {
        switch sqlState {
        case "40P01": "deadlock"
        case "40001": "serialization"
        case let code?: code
        case nil: "unknown"
        }
    }
}
