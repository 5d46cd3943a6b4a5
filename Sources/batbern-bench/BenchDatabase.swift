import Foundation
import Postgres

/// The bench worker's schema: rows preloaded before a run (to show the
/// kernel's tables hold their speed when full) and the relay delay read
/// after it.
struct BenchDatabase {
    let url: String
    let schema: String

    private func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var configuration = try PostgresConnection.Configuration(url: url)
        configuration.searchPath = schema
        let connection = try await PostgresConnection.connect(configuration)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Fills the inbox with `rows` handled messages and the outbox with
    /// `rows` sent ones, all within their retention (nothing prunes them
    /// during the run), then analyses both tables as autovacuum would.
    func preload(_ rows: Int) async throws {
        try await withConnection { db in
            try await db.execute(
                "INSERT INTO inbox (message_id, handler) SELECT gen_random_uuid(), 'preloaded' FROM generate_series(1, $1)", [rows]
            )
            try await db.execute(
                """
                INSERT INTO outbox (message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, occurred_at, body, sent_at)
                SELECT gen_random_uuid(), 'batbern.events', 'preloaded.Touched', 'p' || (g % 1000), 'Preloaded', gen_random_uuid(),
                       now(), repeat('x', 300), now()
                FROM generate_series(1, $1) AS g
                """,
                [rows]
            )
            try await db.execute("ANALYZE inbox")
            try await db.execute("ANALYZE outbox")
        }
    }

    /// Written → confirmed by the broker, for the rows of `messageType`: p50 and p99 in milliseconds.
    func relayDelay(messageType: String) async throws -> (p50: Double, p99: Double)? {
        try await withConnection { db in
            let row = try await db.query(
                """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.99) WITHIN GROUP (ORDER BY d)
                FROM (SELECT extract(epoch FROM sent_at - created_at) * 1000 AS d FROM outbox
                      WHERE message_type = $1 AND sent_at IS NOT NULL) AS delays
                """,
                [messageType]
            )[0]
            guard let p50 = try row.decode(Double?.self, at: 0), let p99 = try row.decode(Double?.self, at: 1) else { return nil }
            return (p50, p99)
        }
    }

    /// Per command (by message id): when its batch's transaction began (the
    /// inbox row's `handled_at`), when its event's outbox row was written and
    /// when the broker confirmed that event. Nil when the worker kept none.
    func stages(messageType: String) async throws -> [String: (began: Date, written: Date, confirmed: Date)]? {
        try await withConnection { db in
            let rows = try await db.query(
                """
                SELECT i.message_id::text, i.handled_at, o.created_at, o.sent_at FROM outbox o JOIN inbox i ON i.message_id = o.causation_id
                WHERE o.message_type = $1 AND o.sent_at IS NOT NULL
                """,
                [messageType]
            )
            var stages: [String: (began: Date, written: Date, confirmed: Date)] = [:]
            for row in rows {
                stages[try row.decode(String.self, at: 0)] = (
                    try row.decode(Date.self, at: 1), try row.decode(Date.self, at: 2), try row.decode(Date.self, at: 3)
                )
            }
            return stages.isEmpty ? nil : stages
        }
    }

    /// Drops the schema the worker made.
    func drop() async throws {
        let connection = try await PostgresConnection.connect(PostgresConnection.Configuration(url: url))
        do {
            try await connection.runScript("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}
