import Foundation
import Identifiers
import Postgres

extension SpeakerStore {
    /// Marks every session copy of the event cancelled, locking them in id
    /// order first (the lock order: session copies, then speakers), and
    /// remembers the event, so a SessionScheduled taken after this (lanes,
    /// replicas, retries) writes its copy cancelled.
    static func cancelSessions(ofEvent eventId: Identifier, asOf: Date, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "INSERT INTO cancelled_events (event_id, cancelled_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING", [eventId, asOf]
        )
        try db.query("SELECT 1 FROM sessions WHERE event_id = $1 ORDER BY id FOR UPDATE", [eventId])
        try db.execute(
            "UPDATE sessions SET status = 'cancelled', as_of = GREATEST(as_of, $2), updated_at = $3 WHERE event_id = $1",
            [eventId, asOf, now]
        )
    }

    /// The event's invitations still open or held (invited, tentative, confirmed).
    static func activeAssignments(ofEvent eventId: Identifier, _ db: isolated PostgresConnection) throws -> [Assignment] {
        try db.query(
            """
            SELECT session_id, speaker_id FROM session_speakers
            WHERE event_id = $1 AND status IN ('invited', 'tentative', 'confirmed') ORDER BY session_id, speaker_id
            """, [eventId]
        ).compactMap { row in
            try assignment(
                session: try row.decode(Identifier.self, column: "session_id"),
                speaker: try row.decode(Identifier.self, column: "speaker_id"), db
            )
        }
    }
}
