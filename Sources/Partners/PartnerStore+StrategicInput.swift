import Foundation
import Identifiers
import Postgres

/// The SQL of strategic input (suggestions, votes) and of the copies of
/// events' topics and sessions, on the handler's connection and transaction.
extension PartnerStore {
    // MARK: events' topics and sessions

    static func topic(_ id: Identifier, _ db: isolated PostgresConnection) throws -> EventTopic? {
        try db.query("SELECT topic_id, event_id, title FROM event_topics WHERE topic_id = $1", [id]).first.map(decodeTopic)
    }

    static func topic(normalizedTitle: String, _ db: isolated PostgresConnection) throws -> EventTopic? {
        try db.query(
            "SELECT topic_id, event_id, title FROM event_topics WHERE normalized_title = $1 ORDER BY defined_at, topic_id LIMIT 1",
            [normalizedTitle]
        ).first.map(decodeTopic)
    }

    private static func decodeTopic(_ row: PostgresRow) throws -> EventTopic {
        EventTopic(
            topicId: try row.decode(Identifier.self, column: "topic_id"), eventId: try row.decode(Identifier.self, column: "event_id"),
            title: try row.decode(String.self, column: "title")
        )
    }

    /// Stores the topic; false when partners knew it already.
    static func insert(_ topic: EventTopic, definedAt: Date, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query(
            """
            INSERT INTO event_topics (topic_id, event_id, title, normalized_title, defined_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (topic_id) DO NOTHING RETURNING topic_id
            """,
            [topic.topicId, topic.eventId, topic.title, topic.normalizedTitle, definedAt]
        ).isEmpty
    }

    static func save(session sessionId: Identifier, of eventId: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "INSERT INTO event_sessions (session_id, event_id) VALUES ($1, $2) ON CONFLICT (session_id) DO NOTHING", [sessionId, eventId]
        )
    }

    // MARK: suggestions

    private static let suggestionColumns =
        "id, partner_id, contact_id, title, description, suggested_at, adopted_topic_id"

    static func suggestion(_ id: Identifier, _ db: isolated PostgresConnection) throws -> TopicSuggestion? {
        try db.query("SELECT \(suggestionColumns) FROM topic_suggestions WHERE id = $1", [id]).first.map(decodeSuggestion)
    }

    /// Open suggestions with this normalised title, of every partner, in the order they were made.
    static func openSuggestions(normalizedTitle: String, _ db: isolated PostgresConnection) throws -> [TopicSuggestion] {
        try db.query(
            """
            SELECT \(suggestionColumns) FROM topic_suggestions
            WHERE normalized_title = $1 AND adopted_topic_id IS NULL ORDER BY suggested_at, id
            """,
            [normalizedTitle]
        ).map(decodeSuggestion)
    }

    private static func decodeSuggestion(_ row: PostgresRow) throws -> TopicSuggestion {
        TopicSuggestion(
            id: try row.decode(Identifier.self, column: "id"), partnerId: try row.decode(Identifier.self, column: "partner_id"),
            contactId: try row.decode(Identifier.self, column: "contact_id"), title: try row.decode(String.self, column: "title"),
            description: try row.decode(String?.self, column: "description"),
            suggestedAt: try row.decode(Date.self, column: "suggested_at"),
            adoptedTopicId: try row.decode(Identifier?.self, column: "adopted_topic_id")
        )
    }

    static func save(_ suggestion: TopicSuggestion, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO topic_suggestions (id, partner_id, contact_id, title, normalized_title, description, suggested_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                suggestion.id, suggestion.partnerId, suggestion.contactId, suggestion.title, suggestion.normalizedTitle,
                suggestion.description, suggestion.suggestedAt,
            ]
        )
    }

    static func markAdopted(_ suggestion: TopicSuggestion, at: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE topic_suggestions SET adopted_topic_id = $2, adopted_at = $3 WHERE id = $1", [suggestion.id, suggestion.adoptedTopicId, at]
        )
    }

    /// Companies of the partners an adoption of this title may move: those
    /// with an open suggestion of it, and those who voted on one.
    static func companiesBacking(normalizedTitle: String, _ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query(
            """
            SELECT DISTINCT p.company_id FROM topic_suggestions s
            LEFT JOIN topic_votes v ON v.target_id = s.id
            JOIN partners p ON p.id = s.partner_id OR p.id = v.partner_id
            WHERE s.normalized_title = $1 AND s.adopted_topic_id IS NULL
            """,
            [normalizedTitle]
        ).map { try $0.decode(Identifier.self, column: "company_id") }
    }

    // MARK: votes

    static func vote(of partnerId: Identifier, on target: VoteTarget, _ db: isolated PostgresConnection) throws -> TopicVote? {
        guard
            let row = try db.query(
                "SELECT contact_id, vote, weight, voted_at FROM topic_votes WHERE partner_id = $1 AND target_id = $2", [partnerId, target.id]
            ).first
        else { return nil }
        let text = try row.decode(String.self, column: "vote")
        guard let choice = TopicVote.Choice(rawValue: text) else { throw PostgresError(.decoding, "vote \(text) is no choice") }
        return TopicVote(
            partnerId: partnerId, target: target, contactId: try row.decode(Identifier.self, column: "contact_id"), choice: choice,
            weight: try row.decode(Int.self, column: "weight"), votedAt: try row.decode(Date.self, column: "voted_at")
        )
    }

    /// What the votes of every partner but this one on the target add up to.
    static func othersTally(on target: VoteTarget, excluding partnerId: Identifier, _ db: isolated PostgresConnection) throws -> Int {
        try db.query(
            """
            SELECT COALESCE(sum(CASE WHEN vote = 'for' THEN weight ELSE -weight END), 0)::integer AS tally
            FROM topic_votes WHERE target_id = $1 AND partner_id <> $2
            """,
            [target.id, partnerId]
        ).first?.decode(Int.self, column: "tally") ?? 0
    }

    static func save(_ vote: TopicVote, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO topic_votes (partner_id, target_type, target_id, contact_id, vote, weight, voted_at)
            VALUES ($1, $2, $3, $4, $5, $6::integer, $7)
            ON CONFLICT (partner_id, target_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, vote = EXCLUDED.vote,
                weight = EXCLUDED.weight, voted_at = EXCLUDED.voted_at
            """,
            [vote.partnerId, vote.target.type, vote.target.id, vote.contactId, vote.choice.rawValue, vote.weight, vote.votedAt]
        )
    }

    // MARK: the influence score's inputs

    /// The suggestions the partner backed (made, or voted for) and how many
    /// of them were adopted.
    static func backedSuggestions(of partnerId: Identifier, _ db: isolated PostgresConnection) throws -> (backed: Int, adopted: Int) {
        let row = try db.query(
            """
            SELECT count(*)::integer AS backed, count(*) FILTER (WHERE s.adopted_topic_id IS NOT NULL)::integer AS adopted
            FROM topic_suggestions s
            WHERE s.partner_id = $1
               OR EXISTS (SELECT 1 FROM topic_votes v WHERE v.target_id = s.id AND v.partner_id = $1 AND v.vote = 'for')
            """,
            [partnerId]
        ).first
        return (try row?.decode(Int.self, column: "backed") ?? 0, try row?.decode(Int.self, column: "adopted") ?? 0)
    }
}
