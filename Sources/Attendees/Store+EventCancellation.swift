import Foundation
import Identifiers
import Postgres

extension Store {
    /// The event's registrations still open (registered, waitlisted,
    /// confirmed), locked. Call with the event's waitlist lock held.
    static func openRegistrations(eventId: Identifier, _ db: isolated PostgresConnection) throws -> [Registration] {
        try db.query(
            """
            SELECT \(registrationColumns) FROM event_registrations
            WHERE event_id = $1 AND status IN ('registered', 'waitlisted', 'confirmed') ORDER BY id FOR UPDATE
            """, [eventId]
        ).map(registration)
    }

    /// Remembers the event's cancellation (the first time it was seen stays).
    /// Call with the event's waitlist lock held.
    static func rememberCancellation(eventId: Identifier, at time: Date, _ db: isolated PostgresConnection) throws {
        try db.execute("UPDATE event_waitlists SET cancelled_at = COALESCE(cancelled_at, $2) WHERE event_id = $1", [eventId, time])
    }

    /// When the event's cancellation was taken; nil when it was not.
    static func cancellation(eventId: Identifier, _ db: isolated PostgresConnection) throws -> Date? {
        try db.query("SELECT cancelled_at FROM event_waitlists WHERE event_id = $1", [eventId])
            .first?.decode(Date?.self, column: "cancelled_at")
    }
}
