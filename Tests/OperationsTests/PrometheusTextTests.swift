import Operations
import Testing

/// A worker's /metrics read as `batbern status` reads it.
@Suite struct PrometheusTextTests {
    static let page = """
        # TYPE batbern_messages_handled_total counter
        batbern_messages_handled_total{worker="companies"} 120
        batbern_messages_handled_total{worker="partners"} 7
        batbern_handler_duration_seconds_bucket{worker="companies",le="0.005"} 90
        batbern_handler_duration_seconds_bucket{worker="companies",le="0.01"} 118
        batbern_handler_duration_seconds_bucket{worker="companies",le="+Inf"} 120
        batbern_handler_duration_seconds_sum{worker="companies"} 0.61
        odd_label{text="say \\"hi\\", then \\\\ go"} 1
        batbern_outbox_lag_seconds{worker="companies"} 0.0
        not a sample line
        """

    @Test func samplesByNameAndLabels() {
        let text = PrometheusText(Self.page)
        #expect(text.value("batbern_messages_handled_total", ["worker": "companies"]) == 120)
        #expect(text.value("batbern_messages_handled_total", ["worker": "partners"]) == 7)
        #expect(text.value("batbern_messages_handled_total", ["worker": "events"]) == nil)
        #expect(text.value("odd_label", ["text": #"say "hi", then \ go"#]) == 1)
        #expect(text.value("batbern_outbox_lag_seconds") == 0)
    }

    @Test func aHistogramsBucketsInOrderWithInfinityLast() {
        let buckets = PrometheusText(Self.page).buckets("batbern_handler_duration_seconds", ["worker": "companies"])
        #expect(buckets.map(\.upperBound) == [0.005, 0.01, .infinity])
        #expect(buckets.map(\.count) == [90, 118, 120])
    }
}
