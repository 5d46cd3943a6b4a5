import Identifiers
import Postgres

/// The SQL of the partner report, on the handler's connection and transaction.
extension PartnerStore {
    /// The company's employees' engagements per event they can be placed in
    /// (their content is a session or topic of it), and those that cannot.
    static func engagementsByEvent(
        ofCompany companyId: Identifier, _ db: isolated PostgresConnection
    ) throws -> (byEvent: [Identifier: Int], unplaced: Int) {
        var byEvent: [Identifier: Int] = [:]
        var unplaced = 0
        for row in try db.query(
            """
            SELECT COALESCE(s.event_id, t.event_id) AS event_id, count(*)::integer AS engagements
            FROM engagement_facts e LEFT JOIN attendees a ON a.attendee_id = e.attendee_id
            LEFT JOIN event_sessions s ON s.session_id = e.content_id
            LEFT JOIN event_topics t ON t.topic_id = e.content_id
            WHERE e.company_id = $1 OR (e.company_id IS NULL AND a.company_id = $1)
            GROUP BY 1
            """,
            [companyId]
        ) {
            let count = try row.decode(Int.self, column: "engagements")
            if let eventId = try row.decode(Identifier?.self, column: "event_id") { byEvent[eventId] = count } else { unplaced = count }
        }
        return (byEvent, unplaced)
    }

    static func strategicInput(of partnerId: Identifier, _ db: isolated PostgresConnection) throws -> PartnerReportExported.StrategicInput {
        let backed = try backedSuggestions(of: partnerId, db)
        let row = try db.query(
            """
            SELECT (SELECT count(*)::integer FROM topic_suggestions WHERE partner_id = $1) AS suggestions,
                   (SELECT count(*)::integer FROM topic_suggestions WHERE partner_id = $1 AND adopted_topic_id IS NOT NULL) AS adopted,
                   (SELECT count(*)::integer FROM topic_votes WHERE partner_id = $1) AS votes
            """,
            [partnerId]
        ).first
        return PartnerReportExported.StrategicInput(
            suggestions: try row?.decode(Int.self, column: "suggestions") ?? 0,
            adoptedSuggestions: try row?.decode(Int.self, column: "adopted") ?? 0,
            backedSuggestions: backed.backed, adoptedBackedSuggestions: backed.adopted,
            votes: try row?.decode(Int.self, column: "votes") ?? 0
        )
    }
}
