import Foundation
import Identifiers
import Postgres

/// Session choices (`registration_sessions`). Call with the registration's
/// row locked: a choice changes only under its registration's lock.
extension Store {
    private static let choiceColumns = """
        registration_id, session_id, event_id, choice_number, status, rejection_reason, chosen_at, status_changed_at
        """

    static func choices(registrationId: Identifier, _ db: isolated PostgresConnection) throws -> [SessionChoice] {
        try db.query(
            "SELECT \(choiceColumns) FROM registration_sessions WHERE registration_id = $1 ORDER BY chosen_at, session_id",
            [registrationId]
        ).map(choice)
    }

    static func choices(attendeeId: Identifier, _ db: isolated PostgresConnection) throws -> [SessionChoice] {
        try db.query(
            """
            SELECT \(choiceColumns) FROM registration_sessions
            WHERE registration_id IN (SELECT id FROM event_registrations WHERE attendee_id = $1) ORDER BY chosen_at, session_id
            """,
            [attendeeId]
        ).map(choice)
    }

    static func choice(registrationId: Identifier, sessionId: Identifier, _ db: isolated PostgresConnection) throws -> SessionChoice? {
        try db.query(
            "SELECT \(choiceColumns) FROM registration_sessions WHERE registration_id = $1 AND session_id = $2",
            [registrationId, sessionId]
        ).first.map(choice)
    }

    static func apply(_ decision: ChoiceDecision, _ db: isolated PostgresConnection) throws {
        for c in decision.saved {
            try db.execute(
                """
                INSERT INTO registration_sessions (\(choiceColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (registration_id, session_id) DO UPDATE SET choice_number = EXCLUDED.choice_number, status = EXCLUDED.status,
                    rejection_reason = EXCLUDED.rejection_reason, chosen_at = EXCLUDED.chosen_at,
                    status_changed_at = EXCLUDED.status_changed_at
                """,
                [
                    c.registrationId, c.sessionId, c.eventId, c.choiceNumber, c.status.rawValue, c.rejectionReason?.rawValue, c.chosenAt,
                    c.statusChangedAt,
                ]
            )
        }
    }

    /// The registration was cancelled: its choices hold no seat any more.
    static func releaseChoices(registrationId: Identifier, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE registration_sessions SET status = 'released', rejection_reason = NULL, status_changed_at = $2
            WHERE registration_id = $1 AND status NOT IN ('released', 'dropped')
            """,
            [registrationId, now]
        )
    }

    private static func choice(_ row: PostgresRow) throws -> SessionChoice {
        guard let status = try decodeEnum(SessionChoiceStatus.self, row, "status") else {
            throw PostgresError(.decoding, "session choice without a status")
        }
        return SessionChoice(
            registrationId: try row.decode(Identifier.self, column: "registration_id"),
            sessionId: try row.decode(Identifier.self, column: "session_id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            choiceNumber: try row.decode(Int.self, column: "choice_number"),
            status: status,
            rejectionReason: try decodeEnum(SessionSeatRejectionReason.self, row, "rejection_reason"),
            chosenAt: try row.decode(Date.self, column: "chosen_at"),
            statusChangedAt: try row.decode(Date.self, column: "status_changed_at")
        )
    }
}
