import Operations
import Testing

/// Rates and p99 over the window between two scrapes, as Prometheus'
/// `rate` and `histogram_quantile` would give them.
@Suite struct MetricsWindowTests {
    static func page(handled: Int, buckets: [Int]) -> PrometheusText {
        let bounds = ["0.005", "0.01", "0.025", "+Inf"]
        return PrometheusText(
            (["batbern_messages_handled_total{worker=\"w\"} \(handled)"]
                + zip(bounds, buckets).map { "batbern_handler_duration_seconds_bucket{worker=\"w\",le=\"\($0)\"} \($1)" })
                .joined(separator: "\n"))
    }

    @Test func ratesAndTheP99AreThoseOfTheWindowNotOfAllTime() throws {
        // Before: 1000 fast messages. In the window: 100 more, 10 of them slow.
        let before = Self.page(handled: 1000, buckets: [1000, 1000, 1000, 1000])
        let after = Self.page(handled: 1100, buckets: [1090, 1090, 1100, 1100])
        let window = MetricsWindow(before: before, after: after, seconds: 2, worker: "w")
        #expect(window.handledPerSecond == 50)
        // Rank 99 of 100 lies in (0.01, 0.025], 9 of its 10: 0.01 + 0.015 * 0.9.
        let p99 = try #require(window.p99)
        #expect(abs(p99 - 0.0235) < 1e-9)
    }

    @Test func nothingHandledHasNoP99AndARateOfZero() {
        let page = Self.page(handled: 5, buckets: [5, 5, 5, 5])
        let window = MetricsWindow(before: page, after: page, seconds: 1, worker: "w")
        #expect(window.handledPerSecond == 0 && window.p99 == nil)
    }

    @Test func aRankInTheInfiniteBucketGivesTheLargestFiniteBound() {
        #expect(MetricsWindow.quantile(0.99, buckets: [(0.005, 0), (0.01, 0), (.infinity, 10)]) == 0.01)
        #expect(MetricsWindow.quantile(0.5, buckets: [(0.005, 10), (.infinity, 10)]).map { abs($0 - 0.0025) < 1e-12 } == true)
        #expect(MetricsWindow.quantile(0.99, buckets: []) == nil)
    }

    @Test func conflictsAreDeadlocksAndSerializationFailuresSinceTheWorkerStarted() {
        let before = PrometheusText("batbern_transaction_conflicts_total{worker=\"w\",kind=\"deadlock\"} 5")
        let after = PrometheusText(
            """
            batbern_transaction_conflicts_total{worker="w",kind="deadlock"} 7
            batbern_transaction_conflicts_total{worker="w",kind="serialization"} 3
            batbern_transaction_conflicts_total{worker="w",kind="55P03"} 100
            batbern_transaction_conflicts_total{worker="other",kind="deadlock"} 50
            """)
        #expect(MetricsWindow(before: before, after: after, seconds: 1, worker: "w").conflicts == 10, "lock timeouts are not conflicts here")
        #expect(MetricsWindow(before: after, after: before, seconds: 1, worker: "other").conflicts == nil, "no series, no figure")
    }

    @Test func aWorkerMissingFromAPageHasNoFigures() {
        let window = MetricsWindow(before: PrometheusText(""), after: Self.page(handled: 1, buckets: [1, 1, 1, 1]), seconds: 1, worker: "w")
        #expect(window.handledPerSecond == nil)
    }
}
