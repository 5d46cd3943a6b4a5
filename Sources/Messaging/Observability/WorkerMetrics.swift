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
    }
}
