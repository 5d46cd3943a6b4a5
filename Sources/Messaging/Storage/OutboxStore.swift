import Foundation
import Identifiers
import Postgres

/// An unsent outbox row.
struct OutboxRow: Sendable {
    let id: Int64
    let message: OutgoingMessage
}

/// The relay's SQL. Every call runs inside the relay's own transaction.
enum OutboxStore {
    /// Locks up to `limit` of the oldest unsent rows that no other relay holds,
    /// and keeps those that can go out without overtaking an earlier message
    /// of the same aggregate (one locked by another relay, or skipped).
    static func claim(limit: Int, _ db: isolated PostgresConnection) throws -> [OutboxRow] {
        let rows = try db.query(
            """
            SELECT id, message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, occurred_at, body
            FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
            """,
            [limit]
        ).map(row)
        guard !rows.isEmpty else { return [] }
        let mine = Set(rows.map(\.id))
        let aggregates = Array(Set(rows.map(\.message.aggregateId)))
        var blocked = Set<String>()
        var allowed = Set<Int64>()
        let unsent = try db.query(
            "SELECT id, aggregate_id FROM outbox WHERE sent_at IS NULL AND aggregate_id = ANY($1::text[]) ORDER BY id",
            [aggregates]
        )
        for entry in unsent {
            let id = try entry.decode(Int64.self, at: 0)
            let aggregate = try entry.decode(String.self, at: 1)
            if blocked.contains(aggregate) { continue }
            if mine.contains(id) { allowed.insert(id) } else { blocked.insert(aggregate) }
        }
        return rows.filter { allowed.contains($0.id) }
    }

    static func markSent(_ ids: [Int64], at now: Date, _ db: isolated PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try db.execute("UPDATE outbox SET sent_at = $2 WHERE id = ANY($1::bigint[])", [ids.map(String.init), now])
    }

    /// Unsent rows and the age of the oldest, for the lag metrics.
    static func backlog(now: Date, _ db: isolated PostgresConnection) throws -> (count: Int, oldestAge: Double) {
        let row = try db.query("SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL")[0]
        let oldest = try row.decode(Date?.self, at: 1)
        return (try row.decode(Int.self, at: 0), oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    /// Deletes what is past its retention, a bounded chunk at a time.
    static func prune(sentBefore: Date, inboxBefore: Date, _ db: isolated PostgresConnection) throws -> Int {
        var removed = try db.execute(
            "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < $1 LIMIT 10000)", [sentBefore]
        )
        removed += try db.execute(
            """
            DELETE FROM inbox WHERE (message_id, handler) IN
                (SELECT message_id, handler FROM inbox WHERE handled_at < $1 LIMIT 10000)
            """,
            [inboxBefore]
        )
        removed += try db.execute(
            """
            DELETE FROM timers WHERE id IN (SELECT id FROM timers
                WHERE coalesce(fired_at, cancelled_at) < $1 LIMIT 10000)
            """,
            [sentBefore]
        )
        removed += try KernelStore.pruneDeliveryCounts(before: inboxBefore, db)
        return removed
    }

    private static func row(_ row: PostgresRow) throws -> OutboxRow {
        OutboxRow(
            id: try row.decode(Int64.self, column: "id"),
            message: OutgoingMessage(
                messageId: try row.decode(Identifier.self, column: "message_id"),
                exchange: try row.decode(String.self, column: "exchange"),
                routingKey: try row.decode(String.self, column: "routing_key"),
                aggregateId: try row.decode(String.self, column: "aggregate_id"),
                messageType: try row.decode(String.self, column: "message_type"),
                correlationId: try row.decode(Identifier.self, column: "correlation_id"),
                occurredAt: try row.decode(Date.self, column: "occurred_at"),
                body: try row.decode(String.self, column: "body")
            )
        )
    }
}
