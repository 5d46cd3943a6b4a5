import Foundation
import Identifiers
import Postgres

/// The SQL of partner contacts, on the handler's connection and transaction.
extension PartnerStore {
    static func contacts(of partnerId: Identifier, _ db: isolated PostgresConnection) throws -> [PartnerContact] {
        try db.query(
            """
            SELECT id, partner_id, name, email, role, phone, is_primary FROM partner_contacts
            WHERE partner_id = $1 ORDER BY created_at, id
            """,
            [partnerId]
        ).map { row in
            PartnerContact(
                id: try row.decode(Identifier.self, column: "id"), partnerId: try row.decode(Identifier.self, column: "partner_id"),
                name: try row.decode(String.self, column: "name"), email: try row.decode(String.self, column: "email"),
                role: try row.decode(String?.self, column: "role"), phone: try row.decode(String?.self, column: "phone"),
                isPrimary: try row.decode(Bool.self, column: "is_primary")
            )
        }
    }

    static func contactExists(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Bool {
        try !db.query("SELECT 1 FROM partner_contacts WHERE id = $1", [id]).isEmpty
    }

    static func save(_ contact: PartnerContact, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO partner_contacts (id, partner_id, name, email, role, phone, is_primary, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role,
                phone = EXCLUDED.phone, is_primary = EXCLUDED.is_primary, updated_at = EXCLUDED.updated_at
            """,
            [contact.id, contact.partnerId, contact.name, contact.email, contact.role, contact.phone, contact.isPrimary, now]
        )
    }

    /// Erases a contact: its row, and the outbox rows (sent or not) whose
    /// bodies carried its name, email or phone: the PartnerContactAdded and
    /// PartnerContactUpdated events about it. A relay publishing one right
    /// now holds its row lock; the delete waits and removes the sent row.
    static func erase(_ contact: PartnerContact, _ db: isolated PostgresConnection) throws {
        try db.execute("DELETE FROM partner_contacts WHERE id = $1", [contact.id])
        try db.execute(
            """
            DELETE FROM outbox
            WHERE aggregate_id = $1 AND message_type IN ('PartnerContactAdded', 'PartnerContactUpdated')
              AND strpos(body, '"contactId":"' || $2 || '"') > 0
            """,
            [contact.partnerId.description, contact.id.description]
        )
    }
}
