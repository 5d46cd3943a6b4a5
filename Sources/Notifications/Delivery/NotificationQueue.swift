import Foundation
import Identifiers
import Postgres
import Retry

/// The sender's SQL: claim the next due rows (locked until this transaction
/// ends, skipped by other senders), then mark what became of them.
enum NotificationQueue {
    /// Up to `limit` rows due first, in that order, locked; none when none is due.
    static func claim(limit: Int, _ db: isolated PostgresConnection) throws -> [OutgoingMail] {
        try db.query(
            """
            SELECT id, kind, to_address, language, subject, text_body, html_body, created_at
            FROM notifications WHERE status = 'pending' AND next_attempt_at <= NOW()
            ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
            """, [limit]
        ).map { row in
            OutgoingMail(
                id: try row.decode(at: 0), kind: try row.decode(at: 1), to: try row.decode(at: 2), language: try row.decode(at: 3),
                subject: try row.decode(at: 4), text: try row.decode(at: 5), html: try row.decode(at: 6), createdAt: try row.decode(at: 7)
            )
        }
    }

    /// When the next pending row is due (nil: none pending).
    static func nextDue(_ db: isolated PostgresConnection) throws -> Date? {
        try db.query("SELECT min(next_attempt_at) FROM notifications WHERE status = 'pending'").first?.decode(Date?.self, at: 0)
    }

    static func markSent(_ ids: [Identifier], reply: String, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE notifications SET status = 'sent', sent_at = NOW(), attempts = attempts + 1, last_reply = $2
            WHERE id = ANY($1::uuid[])
            """, [ids.map(\.description), reply])
    }

    static func markFailed(_ id: Identifier, reply: String, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE notifications SET status = 'failed', failed_at = NOW(), attempts = attempts + 1, last_reply = $2 WHERE id = $1",
            [id, reply])
    }

    /// Counts the attempt and sets the next one `retry.delay(attempts so far)` from now.
    static func postpone(_ id: Identifier, reply: String, retry: Backoff, _ db: isolated PostgresConnection) throws -> Int {
        let attempts = try db.query("SELECT attempts FROM notifications WHERE id = $1", [id]).first?.decode(Int.self, at: 0) ?? 0
        let wait = retry.delay(attempt: attempts)
        let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        try db.execute(
            """
            UPDATE notifications SET attempts = attempts + 1, last_reply = $2,
                next_attempt_at = NOW() + make_interval(secs => $3::float8)
            WHERE id = $1
            """, [id, reply, seconds])
        return attempts + 1
    }

    /// Rows waiting to be sent, for the pending gauge.
    static func pendingCount(_ db: isolated PostgresConnection) throws -> Int {
        try db.query("SELECT count(*) FROM notifications WHERE status = 'pending'").first?.decode(Int.self, at: 0) ?? 0
    }
}
