import Foundation
import Identifiers
import Messaging
import Postgres

/// Renders a planned mail and writes its notification row, in the handler's
/// transaction; the sender picks it up after the commit.
struct MailWriter: Sendable {
    let planner: MailPlanner
    let templates: MailTemplates

    func write(_ mail: PlannedMail?, causedBy message: Identifier, _ context: HandlerContext, _ db: isolated PostgresConnection) throws {
        guard let mail else { return }
        let rendered = templates.render(mail.kind, mail.language, values: mail.values)
        try NotificationStore.insert(mail, rendered: rendered, id: Identifier(), messageId: message, now: context.now, db)
    }

    // MARK: what the mails need, or a retry until it arrives

    static func recipient(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Recipient {
        guard let recipient = try NotificationStore.recipient(id, db) else { throw NotYetKnown(description: "recipient not known yet") }
        return recipient
    }

    static func event(_ id: Identifier, _ db: isolated PostgresConnection) throws -> EventCopy {
        guard let event = try NotificationStore.event(id, db) else { throw NotYetKnown(description: "event not known yet") }
        return event
    }

    static func invitation(speaker: Identifier, session: Identifier, _ db: isolated PostgresConnection) throws -> InvitationCopy {
        guard let invitation = try NotificationStore.invitation(speaker: speaker, session: session, db) else {
            throw NotYetKnown(description: "invitation not known yet")
        }
        return invitation
    }
}
