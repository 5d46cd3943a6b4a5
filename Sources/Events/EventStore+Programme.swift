import Foundation
import Identifiers
import Messaging
import Postgres

/// SQL of the programme last announced per event.
extension EventStore {
    static func programme(of eventId: Identifier, _ db: isolated PostgresConnection) throws -> StoredProgramme? {
        try db.query("SELECT programme, revision FROM event_programmes WHERE event_id = $1", [eventId]).first.map { row in
            StoredProgramme(json: try row.decode(String.self, column: "programme"), revision: try row.decode(Int.self, column: "revision"))
        }
    }

    static func save(_ programme: StoredProgramme, of eventId: Identifier, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO event_programmes (event_id, programme, revision, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (event_id) DO UPDATE SET programme = EXCLUDED.programme, revision = EXCLUDED.revision,
                updated_at = EXCLUDED.updated_at
            """, [eventId, programme.json, programme.revision, now])
    }

    /// A cancelled event has no programme (nor the speakers' names in it).
    static func dropProgramme(of eventId: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute("DELETE FROM event_programmes WHERE event_id = $1", [eventId])
    }

    /// Deletes the outbox rows of programmes that name the speaker, sent or
    /// not: each is superseded by the change the erasure publishes.
    static func forgetProgrammes(naming speakerId: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "DELETE FROM outbox WHERE message_type = ANY($1) AND strpos(body, $2) > 0",
            [[EventProgrammePublished.name, EventProgrammeChanged.name], speakerId.description]
        )
    }
}
