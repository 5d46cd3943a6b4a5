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
}
