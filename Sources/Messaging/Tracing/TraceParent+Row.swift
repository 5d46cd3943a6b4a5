import Postgres

extension TraceParent {
    /// The context stored with an outbox row or timer (columns `traceparent`,
    /// `tracestate`); nil when it had none, or what is stored is not valid.
    init?(_ row: PostgresRow) throws {
        guard let traceparent = try row.decode(String?.self, column: "traceparent") else { return nil }
        self.init(traceparent, state: try row.decode(String?.self, column: "tracestate"))
    }
}
