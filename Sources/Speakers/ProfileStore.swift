import Foundation
import Identifiers
import Postgres

/// SQL of speaker profiles: the speaking history, a speaker's invitations,
/// and what erasure removes from the outbox. Same connection and lock order
/// as `SpeakerStore`.
extension SpeakerStore {
    // MARK: speaking history

    static func history(of speakerId: Identifier, _ db: isolated PostgresConnection) throws -> [SpeakingEngagement] {
        try db.query(
            """
            SELECT event_id, session_id, role, session_type, title, session_date FROM speaking_history
            WHERE speaker_id = $1 ORDER BY session_date, session_id
            """, [speakerId]
        ).map { row in
            SpeakingEngagement(
                eventId: try row.decode(Identifier.self, column: "event_id"),
                sessionId: try row.decode(Identifier.self, column: "session_id"),
                role: try row.decode(String.self, column: "role"),
                sessionType: try row.decode(String.self, column: "session_type"),
                title: try row.decode(String?.self, column: "title"),
                date: try row.decode(Date.self, column: "session_date")
            )
        }
    }

    /// Records an entry unless the speaker has it already; true when it is new.
    static func record(_ engagement: SpeakingEngagement, of speakerId: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO speaking_history (speaker_id, session_id, event_id, role, session_type, title, session_date, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
            """,
            [
                speakerId, engagement.sessionId, engagement.eventId, engagement.role, engagement.sessionType, engagement.title,
                engagement.date, now,
            ]) == 1
    }

    // MARK: a speaker's invitations, an event's sessions

    static func assignments(ofSpeaker speakerId: Identifier, _ db: isolated PostgresConnection) throws -> [Assignment] {
        try db.query(
            "SELECT \(assignmentColumns) FROM session_speakers WHERE speaker_id = $1 ORDER BY session_id", [speakerId]
        ).map(decodeAssignment)
    }

    /// The event's session copies, locked in id order (the first locks of the lock order).
    static func sessions(ofEvent eventId: Identifier, _ db: isolated PostgresConnection) throws -> [SessionCopy] {
        try db.query(
            "SELECT \(sessionColumns) FROM sessions WHERE event_id = $1 ORDER BY id FOR UPDATE", [eventId]
        ).map(decodeSession)
    }

    // MARK: erasure

    /// The messages of speakers that carry a speaker's email and names.
    static let personalMessageTypes = ["SpeakerRegistered", "SpeakerProfileUpdated", "SpeakerProfileReported"]
    /// Invitation answers: their `reason` may be the speaker's own words.
    static let answerMessageTypes = ["SpeakerDeclined", "SpeakerTentative", "SpeakerWithdrew"]
    /// What an erased speaker's reasons become.
    static let erasedReason = "erased"

    /// Deletes the outbox rows, sent or not, that carry the speaker's email
    /// and names, and blanks the reason of every answer of the speaker's
    /// invitations (`invitations`: their ids). An unsent answer still goes
    /// out (events needs it), with `reason` "erased".
    static func forgetMessages(of speakerId: Identifier, invitations: [Identifier], _ db: isolated PostgresConnection) throws {
        try db.execute(
            "DELETE FROM outbox WHERE aggregate_id = $1 AND message_type = ANY($2)", [speakerId.description, personalMessageTypes]
        )
        guard !invitations.isEmpty else { return }
        try db.execute(
            """
            UPDATE outbox SET body = jsonb_set(body::jsonb, '{data,reason}', to_jsonb($3::text))::text
            WHERE aggregate_id = ANY($1) AND message_type = ANY($2) AND body::jsonb #>> '{data,reason}' IS DISTINCT FROM $3
            """,
            [invitations.map(\.description), answerMessageTypes, erasedReason]
        )
    }
}
