import Identifiers
import Postgres

/// Unlocked reads of what a handler will lock, for its lock keys
/// (`AssignmentLocks`); the kernel asks them again under the keys.
extension SpeakerStore {
    /// The speakers invited to the session (any status).
    static func invitedSpeakers(of sessionId: Identifier, _ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query("SELECT speaker_id FROM session_speakers WHERE session_id = $1", [sessionId]).map { try $0.decode(Identifier.self, at: 0) }
    }

    /// The event's session copies and every speaker invited to one of them.
    static func sessionsAndSpeakers(
        ofEvent eventId: Identifier, _ db: isolated PostgresConnection
    ) throws -> (sessions: [Identifier], speakers: [Identifier]) {
        let sessions = try db.query("SELECT id FROM sessions WHERE event_id = $1", [eventId]).map { try $0.decode(Identifier.self, at: 0) }
        let speakers = try db.query("SELECT DISTINCT speaker_id FROM session_speakers WHERE event_id = $1", [eventId])
            .map { try $0.decode(Identifier.self, at: 0) }
        return (sessions, speakers)
    }
}
