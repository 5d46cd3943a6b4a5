import Foundation
import Identifiers
import Messaging
import Postgres

/// SQL of session materials.
extension EventStore {
    private static let materialColumns = """
        id, session_id, event_id, kind, file_name, mime_type, file_size_bytes, storage_key, url, added_by, added_by_role, added_at,
        removed_by, removed_by_role, removed_at
        """

    static func material(_ id: Identifier, _ db: isolated PostgresConnection) throws -> SessionMaterial? {
        try db.query("SELECT \(materialColumns) FROM session_materials WHERE id = $1", [id]).first.map(decodeMaterial)
    }

    /// The event's materials that were not removed.
    static func materials(of eventId: Identifier, _ db: isolated PostgresConnection) throws -> [SessionMaterial] {
        try db.query("SELECT \(materialColumns) FROM session_materials WHERE event_id = $1 AND removed_at IS NULL", [eventId])
            .map(decodeMaterial)
    }

    static func materialCount(of sessionId: Identifier, _ db: isolated PostgresConnection) throws -> Int {
        try db.query("SELECT count(*) FROM session_materials WHERE session_id = $1 AND removed_at IS NULL", [sessionId])[0]
            .decode(Int.self, at: 0)
    }

    /// False when a concurrent transaction inserted the same id first.
    static func insert(_ material: SessionMaterial, _ db: isolated PostgresConnection) throws -> Bool {
        try db.execute(
            """
            INSERT INTO session_materials (\(materialColumns))
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, NULL)
            ON CONFLICT DO NOTHING
            """,
            [
                material.id, material.sessionId, material.eventId, material.kind.rawValue, material.fileName, material.mimeType,
                material.fileSizeBytes, material.storageKey, material.url, material.addedBy, material.addedByRole.rawValue,
                material.addedAt,
            ]) == 1
    }

    /// Marks the material removed; the first removal stays.
    static func remove(_ materialId: Identifier, _ removal: MaterialRemoval, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE session_materials SET removed_by = $2, removed_by_role = $3, removed_at = $4 WHERE id = $1 AND removed_at IS NULL",
            [materialId, removal.by, removal.role.rawValue, removal.at]
        )
    }

    /// The speakers holding a confirmed slot of the session (from the slot copy).
    static func confirmedSpeakers(of sessionId: Identifier, _ db: isolated PostgresConnection) throws -> Set<Identifier> {
        Set(
            try db.query("SELECT speaker_id FROM session_speaker_slots WHERE session_id = $1 AND status = 'confirmed'", [sessionId])
                .map { try $0.decode(Identifier.self, column: "speaker_id") })
    }

    private static func decodeMaterial(_ row: PostgresRow) throws -> SessionMaterial {
        let kindText = try row.decode(String.self, column: "kind")
        let roleText = try row.decode(String.self, column: "added_by_role")
        guard let kind = MaterialKind(rawValue: kindText), let role = ActorRole(rawValue: roleText) else {
            throw PostgresError(.decoding, "unknown material kind \(kindText) or role \(roleText)")
        }
        var removal: MaterialRemoval?
        if let at = try row.decode(Date?.self, column: "removed_at"), let by = try row.decode(Identifier?.self, column: "removed_by") {
            let text = try row.decode(String?.self, column: "removed_by_role") ?? ""
            guard let removedAs = ActorRole(rawValue: text) else { throw PostgresError(.decoding, "unknown removal role \(text)") }
            removal = MaterialRemoval(by: by, role: removedAs, at: at)
        }
        return SessionMaterial(
            id: try row.decode(Identifier.self, column: "id"),
            sessionId: try row.decode(Identifier.self, column: "session_id"),
            eventId: try row.decode(Identifier.self, column: "event_id"),
            kind: kind,
            fileName: try row.decode(String?.self, column: "file_name"),
            mimeType: try row.decode(String?.self, column: "mime_type"),
            fileSizeBytes: try row.decode(Int64?.self, column: "file_size_bytes"),
            storageKey: try row.decode(String?.self, column: "storage_key"),
            url: try row.decode(String?.self, column: "url"),
            addedBy: try row.decode(Identifier.self, column: "added_by"),
            addedByRole: role,
            addedAt: try row.decode(Date.self, column: "added_at"),
            removal: removal
        )
    }
}
