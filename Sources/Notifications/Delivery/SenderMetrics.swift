public import CoreMetrics

/// The sender's figures on the worker's /metrics.
public struct SenderMetrics: Sendable {
    /// Mails the SMTP server took.
    public let sent: Counter
    /// Mails the server refused for good (5xx); each is marked failed.
    public let failed: Counter
    /// Attempts that failed for now (4xx, no connection) and wait for another.
    public let deferred: Counter
    /// Notification rows not yet sent or failed.
    public let pending: Gauge

    public init(worker: String, factory: any MetricsFactory) {
        let dimensions = [("worker", worker)]
        sent = Counter(label: "batbern_notifications_sent_total", dimensions: dimensions, factory: factory)
        failed = Counter(label: "batbern_notifications_failed_total", dimensions: dimensions, factory: factory)
        deferred = Counter(label: "batbern_notifications_deferred_total", dimensions: dimensions, factory: factory)
        pending = Gauge(label: "batbern_notifications_pending", dimensions: dimensions, factory: factory)
    }
}
