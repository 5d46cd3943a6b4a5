import Foundation
import Identifiers
import Postgres

/// SQL of session seats. Call with the event row locked.
extension EventStore {
    static func sessionSeat(registration: Identifier, session: Identifier, _ db: isolated PostgresConnection) throws -> SessionSeatHolding? {
        try db.query(
            "SELECT choice_number, released_at FROM session_seats WHERE registration_id = $1 AND session_id = $2", [registration, session]
        ).first.map { row in
            SessionSeatHolding(
                choiceNumber: try row.decode(Int.self, column: "choice_number"),
                held: try row.decode(Date?.self, column: "released_at") == nil
            )
        }
    }

    static func seatsTaken(session: Identifier, _ db: isolated PostgresConnection) throws -> Int {
        try db.query("SELECT count(*) FROM session_seats WHERE session_id = $1 AND released_at IS NULL", [session])[0].decode(Int.self, at: 0)
    }

    /// Takes the seat for this choice (a row released before is taken again).
    static func reserveSessionSeat(
        _ data: SessionChoiceFields, now: Date, _ db: isolated PostgresConnection
    ) throws {
        try db.execute(
            """
            INSERT INTO session_seats (registration_id, session_id, event_id, attendee_id, choice_number, reserved_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (registration_id, session_id) DO UPDATE SET attendee_id = EXCLUDED.attendee_id,
                choice_number = EXCLUDED.choice_number, reserved_at = EXCLUDED.reserved_at, released_at = NULL
            """,
            [data.registrationId, data.sessionId, data.eventId, data.attendeeId, data.choiceNumber, now]
        )
    }

    /// The held seat now belongs to a newer choice of the same session.
    static func renewSessionSeat(registration: Identifier, session: Identifier, choice: Int, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE session_seats SET choice_number = $3 WHERE registration_id = $1 AND session_id = $2 AND choice_number < $3",
            [registration, session, choice]
        )
    }

    /// Frees the seat, or remembers a drop that came before its request.
    static func releaseSessionSeat(_ data: SessionChoiceFields, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO session_seats (registration_id, session_id, event_id, choice_number, released_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (registration_id, session_id) DO UPDATE SET choice_number = EXCLUDED.choice_number, released_at = EXCLUDED.released_at
            """,
            [data.registrationId, data.sessionId, data.eventId, data.choiceNumber, now]
        )
    }

    /// Frees every session seat the registration holds; returns the sessions.
    static func releaseSessionSeats(registration: Identifier, now: Date, _ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query(
            """
            UPDATE session_seats SET released_at = $2 WHERE registration_id = $1 AND released_at IS NULL RETURNING session_id
            """,
            [registration, now]
        ).map { try $0.decode(Identifier.self, at: 0) }.sorted()
    }
}
