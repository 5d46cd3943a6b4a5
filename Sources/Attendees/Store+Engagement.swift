import Foundation
import Identifiers
import Postgres

/// The engagement rows the profile report summarises (inserts: Store.insert).
extension Store {
    static func engagements(attendeeId: Identifier, _ db: isolated PostgresConnection) throws -> [ContentEngagement] {
        try db.query(
            """
            SELECT id, attendee_id, content_type, content_id, engagement_type, engagement_value, engaged_at
            FROM content_engagement WHERE attendee_id = $1 ORDER BY engaged_at, id
            """,
            [attendeeId]
        ).map { row in
            ContentEngagement(
                id: try row.decode(Identifier.self, column: "id"),
                attendeeId: try row.decode(Identifier.self, column: "attendee_id"),
                contentType: try row.decode(String.self, column: "content_type"),
                contentId: try row.decode(Identifier.self, column: "content_id"),
                engagementType: try row.decode(String.self, column: "engagement_type"),
                engagementValue: try row.decode(Decimal?.self, column: "engagement_value"),
                engagedAt: try row.decode(Date.self, column: "engaged_at")
            )
        }
    }
}
