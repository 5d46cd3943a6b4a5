import Foundation
import Identifiers
import Postgres

/// The copy of events' sessions (`session_copies`), and what engagement is
/// checked against.
extension Store {
    /// The copies of these sessions that attendees knows of, by id.
    static func sessions(_ ids: [Identifier], _ db: isolated PostgresConnection) throws -> [Identifier: SessionCopy] {
        guard !ids.isEmpty else { return [:] }
        let rows = try db.query(
            "SELECT session_id, event_id, status FROM session_copies WHERE session_id = ANY($1::uuid[])", [ids.map(\.description)]
        )
        var copies: [Identifier: SessionCopy] = [:]
        for row in rows {
            let copy = SessionCopy(
                sessionId: try row.decode(Identifier.self, column: "session_id"),
                eventId: try row.decode(Identifier.self, column: "event_id"),
                isCancelled: try row.decode(String.self, column: "status") == "cancelled"
            )
            copies[copy.sessionId] = copy
        }
        return copies
    }

    /// Scheduled (again): a cancelled copy stays cancelled.
    static func sessionScheduled(_ id: Identifier, eventId: Identifier, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO session_copies (session_id, event_id, status, copied_at) VALUES ($1, $2, 'scheduled', $3)
            ON CONFLICT (session_id) DO UPDATE SET event_id = EXCLUDED.event_id, copied_at = EXCLUDED.copied_at
            """,
            [id, eventId, now]
        )
    }

    /// Cancelled is final, also when it arrives before the session's SessionScheduled.
    static func sessionCancelled(_ id: Identifier, eventId: Identifier, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO session_copies (session_id, event_id, status, copied_at) VALUES ($1, $2, 'cancelled', $3)
            ON CONFLICT (session_id) DO UPDATE SET status = 'cancelled', copied_at = EXCLUDED.copied_at
            """,
            [id, eventId, now]
        )
    }

    /// Whether an engagement's contentId is content attendees knows of.
    static func contentKnown(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query(
            "SELECT 1 FROM session_copies WHERE session_id = $1 UNION ALL SELECT 1 FROM material_copies WHERE material_id = $1 LIMIT 1", [id]
        ).isEmpty
    }

    static func materialAdded(_ material: MaterialCopyFields, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO material_copies (material_id, session_id, event_id, copied_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (material_id) DO NOTHING
            """,
            [material.materialId, material.sessionId, material.eventId, now]
        )
    }

    /// Removed is final, also when it arrives before the material's SessionMaterialAdded.
    static func materialRemoved(_ material: MaterialCopyFields, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO material_copies (material_id, session_id, event_id, removed_at, copied_at) VALUES ($1, $2, $3, $4, $4)
            ON CONFLICT (material_id) DO UPDATE SET removed_at = COALESCE(material_copies.removed_at, EXCLUDED.removed_at)
            """,
            [material.materialId, material.sessionId, material.eventId, now]
        )
    }
}
