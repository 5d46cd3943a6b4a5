import Foundation
import Identifiers
import Postgres

extension SpeakerStore {
    /// Marks the copy of a company inactive; the first deactivation time
    /// stays (a redelivery or a replay changes nothing). False when there is
    /// no copy of it yet.
    static func deactivateCompany(_ id: Identifier, at deactivatedAt: Date, now: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query(
            """
            UPDATE companies SET is_active = FALSE, deactivated_at = COALESCE(deactivated_at, $2), updated_at = $3
            WHERE id = $1 RETURNING id
            """,
            [id, deactivatedAt, now]
        ).isEmpty
    }
}
