import Foundation
public import Identifiers
public import Postgres

/// Reads one context's kernel tables for a flow. Only columns an operator's
/// role may read: never a message body.
public enum TraceReader {
    /// The correlation of `id` if this context saw a message with that id.
    public static func correlation(of id: Identifier, _ db: isolated PostgresConnection) throws -> Identifier? {
        try db.query(
            """
            (SELECT correlation_id FROM inbox WHERE message_id = $1 AND correlation_id IS NOT NULL LIMIT 1)
            UNION ALL (SELECT correlation_id FROM outbox WHERE message_id = $1 LIMIT 1)
            UNION ALL (SELECT correlation_id FROM failures WHERE message_id = $1 LIMIT 1)
            LIMIT 1
            """,
            [id]
        ).first?.decode(Identifier.self, at: 0)
    }

    /// Everything this context recorded of the flow `correlationId`.
    public static func records(
        of correlationId: Identifier, context: String, _ db: isolated PostgresConnection
    ) throws -> [TraceRecord] {
        let rows = try db.query(
            """
            SELECT 'handled', handled_at, message_id, causation_id, handler, NULL::timestamptz, NULL FROM inbox
                WHERE correlation_id = $1 AND handler NOT LIKE '%#rejected'
            UNION ALL SELECT 'published', created_at, message_id, causation_id, routing_key, sent_at, NULL FROM outbox
                WHERE correlation_id = $1
            UNION ALL SELECT 'scheduled', created_at, id, causation_id, routing_key, due_at, NULL FROM timers
                WHERE correlation_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL
            UNION ALL SELECT outcome, failed_at, message_id, causation_id, message_type, NULL, reason || ' (attempt ' || attempt || ')'
                FROM failures WHERE correlation_id = $1
            """,
            [correlationId]
        )
        return try rows.compactMap { row in
            guard let kind = TraceRecord.Kind(rawValue: try row.decode(String.self, at: 0)) else { return nil }
            return TraceRecord(
                context: context, kind: kind, at: try row.decode(Date.self, at: 1), messageId: try row.decode(Identifier.self, at: 2),
                causationId: try row.decode(Identifier?.self, at: 3), messageType: try row.decode(String.self, at: 4),
                sentAt: try row.decode(Date?.self, at: 5), detail: try row.decode(String?.self, at: 6)
            )
        }
    }
}
