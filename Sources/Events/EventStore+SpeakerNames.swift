import Foundation
import Identifiers
import Messaging
import Postgres

/// SQL of the speaker name copy.
extension EventStore {
    private static let nameColumns = "speaker_id, first_name, last_name, as_of, erased_at"

    static func speakerName(_ speakerId: Identifier, _ db: isolated PostgresConnection) throws -> SpeakerName? {
        try db.query("SELECT \(nameColumns) FROM speaker_names WHERE speaker_id = $1", [speakerId]).first.map(decodeName)
    }

    /// The names of the event's confirmed speakers that events knows, by speaker.
    static func speakerNames(of eventId: Identifier, _ db: isolated PostgresConnection) throws -> [Identifier: SpeakerName] {
        let names = try db.query(
            """
            SELECT \(nameColumns) FROM speaker_names
            WHERE speaker_id IN (SELECT speaker_id FROM session_speaker_slots WHERE event_id = $1 AND status = 'confirmed')
            """, [eventId]
        ).map(decodeName)
        return Dictionary(names.map { ($0.speakerId, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func save(_ name: SpeakerName, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO speaker_names (\(nameColumns), updated_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (speaker_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                as_of = EXCLUDED.as_of, erased_at = EXCLUDED.erased_at, updated_at = EXCLUDED.updated_at
            """, [name.speakerId, name.firstName, name.lastName, name.asOf, name.erasedAt, now])
    }

    /// The events in which the speaker holds a confirmed slot, in id order
    /// (the order their rows are locked in).
    static func events(confirming speakerId: Identifier, _ db: isolated PostgresConnection) throws -> [Identifier] {
        try db.query(
            "SELECT DISTINCT event_id FROM session_speaker_slots WHERE speaker_id = $1 AND status = 'confirmed' ORDER BY event_id",
            [speakerId]
        ).map { try $0.decode(Identifier.self, column: "event_id") }
    }

    private static func decodeName(_ row: PostgresRow) throws -> SpeakerName {
        SpeakerName(
            speakerId: try row.decode(Identifier.self, column: "speaker_id"),
            firstName: try row.decode(String?.self, column: "first_name"),
            lastName: try row.decode(String?.self, column: "last_name"),
            asOf: try row.decode(Date.self, column: "as_of"),
            erasedAt: try row.decode(Date?.self, column: "erased_at")
        )
    }
}
