import Foundation
import Identifiers
import Postgres
import Retry

/// The relay's SQL. Every call runs inside the relay's own transaction.
enum OutboxStore {
    /// Locks up to `limit` of the oldest unsent rows that are due at `now`
    /// and that no other relay holds, and keeps those that can go out without
    /// overtaking an earlier message of the same aggregate (one locked by
    /// another relay, skipped, or waiting after a refusal). Rows behind a
    /// waiting row are not even locked, so they do not use up the batch.
    ///
    /// One statement whose plan does not depend on statistics (gathered
    /// while the outbox was idle, they say almost nothing is unsent): the
    /// waiting check asks the small index of refused rows; `others` are the
    /// unsent rows below the claim's last id that the claim does not hold
    /// (held by another relay, or waiting), a range of the unsent index as
    /// short as what was skipped; a claimed row behind one of them stays.
    static func claim(limit: Int, now: Date, _ db: isolated PostgresConnection) throws -> [OutboxRow] {
        try db.query(claimSQL, [limit, now]).map(row)
    }

    static let claimSQL = """
            WITH claimed AS MATERIALIZED (
                SELECT id, message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, occurred_at, body, attempts,
                       traceparent, tracestate
                FROM outbox o
                WHERE sent_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox w WHERE w.aggregate_id = o.aggregate_id AND w.id < o.id AND w.next_attempt_at > $2
                  )
                ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
            ), others AS MATERIALIZED (
                SELECT aggregate_id, min(id) AS first_id FROM outbox
                WHERE sent_at IS NULL AND id < (SELECT max(id) FROM claimed) AND id NOT IN (SELECT id FROM claimed)
                GROUP BY aggregate_id
            )
            SELECT c.* FROM claimed c LEFT JOIN others x USING (aggregate_id)
            WHERE x.first_id IS NULL OR c.id < x.first_id
            ORDER BY c.id
        """

    static func markSent(_ ids: [Int64], at now: Date, _ db: isolated PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try db.enqueue("UPDATE outbox SET sent_at = $2 WHERE id = ANY($1::bigint[])", [ids.map(String.init), now])
    }

    /// Counts a refusal of each row and sets when it may go out again.
    static func recordRefusals(_ delays: [(id: Int64, delay: Duration)], at now: Date, _ db: isolated PostgresConnection) throws {
        guard !delays.isEmpty else { return }
        try db.enqueue(
            """
            UPDATE outbox o SET attempts = o.attempts + 1, last_attempt_at = $3,
                next_attempt_at = $3 + r.milliseconds * interval '1 millisecond'
            FROM unnest($1::bigint[], $2::bigint[]) AS r(id, milliseconds) WHERE o.id = r.id
            """,
            [delays.map { String($0.id) }, delays.map { String(Int64($0.delay.seconds * 1000)) }, now]
        )
    }

    /// What is left to send, for the lag metrics and the relay's next wake-up.
    static func backlog(now: Date, _ db: isolated PostgresConnection) throws -> OutboxBacklog {
        let row = try db.query(
            """
            SELECT count(*), min(created_at), count(*) FILTER (WHERE next_attempt_at > $1),
                   min(next_attempt_at) FILTER (WHERE next_attempt_at > $1)
            FROM outbox WHERE sent_at IS NULL
            """,
            [now]
        )[0]
        let oldest = try row.decode(Date?.self, at: 1)
        return OutboxBacklog(
            pending: try row.decode(Int.self, at: 0), oldestAge: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0,
            waiting: try row.decode(Int.self, at: 2), nextAttempt: try row.decode(Date?.self, at: 3)
        )
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
        removed += try db.execute(
            "DELETE FROM failures WHERE id IN (SELECT id FROM failures WHERE failed_at < $1 LIMIT 10000)", [inboxBefore]
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
                body: try row.decode(String.self, column: "body"),
                trace: try TraceParent(row)
            ),
            attempts: try row.decode(Int.self, column: "attempts")
        )
    }
}
