import Foundation
import KernelProbe
import TestSupport
import Testing

@testable import Messaging

/// The relay's claim after a burst following an idle spell: statistics
/// gathered while nearly every row was sent must not lead PostgreSQL to walk
/// the whole backlog for each row it claims (seen live: 0.5–1 s per claim
/// with 10,000 rows unsent and a million sent, 500 commands/s instead of 3,000).
@Suite struct RelayClaimPlanTests {
    /// Rows each plan node read and threw away, times its loops, summed.
    func rowsFiltered(_ node: [String: Any]) -> Int {
        let loops = node["Actual Loops"] as? Int ?? 1
        let removed = (node["Rows Removed by Filter"] as? Int ?? 0) + (node["Rows Removed by Join Filter"] as? Int ?? 0)
        let children = (node["Plans"] as? [[String: Any]] ?? []).map(rowsFiltered).reduce(0, +)
        return removed * loops + children
    }

    @Test func aClaimReadsAboutWhatItTakesWhateverTheStatisticsSay() async throws {
        try await HandlerHarness.with(worker: KernelProbe.definition(name: "probe"), context: "probe") { harness in
            let db = harness.database
            func insert(_ rows: Int, sentAt: String) -> String {
                """
                INSERT INTO outbox (message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, occurred_at, body, sent_at)
                SELECT gen_random_uuid(), 'batbern.events', 'probe.Touched', 'a' || (g % 50), 'Touched', gen_random_uuid(), now(), '{}', \(sentAt)
                FROM generate_series(1, \(rows)) AS g
                """
            }
            try await db.execute(insert(20_000, sentAt: "now()"))
            try await db.execute("ANALYZE outbox")
            try await db.execute(insert(5_000, sentAt: "NULL"))
            let limit = OutboxRelay.Configuration().batchSize
            let plan = try await db.transaction { db in
                try db.query("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxStore.claimSQL, [limit, Date()])[0].decode(String.self, at: 0)
            }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [[String: Any]])
            let root = try #require(json.first?["Plan"] as? [String: Any])
            #expect(root["Actual Rows"] as? Int == limit, "a full claim")
            let filtered = rowsFiltered(root)
            #expect(filtered < 5_000, "rows read and thrown away: \(filtered)")
        }
    }
}
