import Messaging

/// What a worker did between two scrapes of its `/metrics`: messages
/// handled per second and the 99th percentile of its handler time, estimated
/// from the histogram's buckets as Prometheus' `histogram_quantile` does
/// (linear within the bucket the rank falls in).
public struct MetricsWindow: Sendable {
    public let handledPerSecond: Double?
    /// Seconds; nil when nothing was handled in the window.
    public let p99: Double?
    /// Deadlocks and serialization failures the worker's lanes met since it
    /// started (the later scrape), not in the window: a storm stays visible
    /// after it ended. Nil when the page has neither series.
    public let conflicts: Double?

    public static let handled = "batbern_messages_handled_total"
    public static let handlerDuration = "batbern_handler_duration_seconds"

    public init(before: PrometheusText, after: PrometheusText, seconds: Double, worker: String) {
        let labels = ["worker": worker]
        if let start = before.value(Self.handled, labels), let end = after.value(Self.handled, labels), seconds > 0 {
            handledPerSecond = max(0, end - start) / seconds
        } else {
            handledPerSecond = nil
        }
        let earlier = Dictionary(before.buckets(Self.handlerDuration, labels).map { ($0.upperBound, $0.count) }) { $1 }
        let window = after.buckets(Self.handlerDuration, labels).map { ($0.upperBound, $0.count - (earlier[$0.upperBound] ?? 0)) }
        p99 = Self.quantile(0.99, buckets: window)
        let kinds = ["deadlock", "serialization"].compactMap { after.value(WorkerMetrics.conflicts, ["worker": worker, "kind": $0]) }
        conflicts = kinds.isEmpty ? nil : kinds.reduce(0, +)
    }

    /// The `q` quantile of cumulative `buckets` (upper bound, count), `+Inf`
    /// last; nil without observations. A rank in the `+Inf` bucket gives the
    /// largest finite bound.
    public static func quantile(_ q: Double, buckets: [(upperBound: Double, count: Double)]) -> Double? {
        guard let total = buckets.last?.count, total > 0 else { return nil }
        let rank = q * total
        var lower = 0.0
        var below = 0.0
        for (bound, count) in buckets {
            if count >= rank {
                guard bound.isFinite else { return lower }
                return count == below ? bound : lower + (bound - lower) * (rank - below) / (count - below)
            }
            lower = bound
            below = count
        }
        return lower
    }
}
