import Foundation
import Identifiers
public import Postgres

/// What the notifications database says was sent: `batbern notifications list`.
public enum NotificationLog {
    /// The newest `limit` rows, oldest first; only those to `recipient`
    /// (any letter case) when given.
    public static func list(recipient: String?, limit: Int, _ db: isolated PostgresConnection) throws -> [NotificationEntry] {
        let rows = try db.query(
            """
            SELECT id, kind, to_address, language, status, attempts, created_at, COALESCE(sent_at, failed_at), last_reply
            FROM (SELECT * FROM notifications WHERE $1::text IS NULL OR lower(to_address) = lower($1::text)
                  ORDER BY created_at DESC, id LIMIT $2) newest
            ORDER BY created_at, id
            """, [recipient, limit])
        return try rows.map { row in
            NotificationEntry(
                id: try row.decode(at: 0), kind: try row.decode(at: 1), to: try row.decode(at: 2), language: try row.decode(at: 3),
                status: try row.decode(at: 4), attempts: try row.decode(at: 5), createdAt: try row.decode(at: 6),
                settledAt: try row.decode(Date?.self, at: 7), lastReply: try row.decode(String?.self, at: 8)
            )
        }
    }
}
