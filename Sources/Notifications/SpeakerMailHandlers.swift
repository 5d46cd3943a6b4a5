import Foundation
import Messaging
import Postgres

/// Mails of the speaker invitation saga: the invitation with its deadline,
/// each reminder (unless the speaker opted out), the expiry, the release
/// when a session is cancelled, and the organiser's news of an acceptance.
/// An invitation's message older than one already taken (lanes, replicas,
/// retries) mails nothing and is not retried: its news is stale.
struct SpeakerMailHandlers: Sendable {
    let writer: MailWriter

    func speakerInvited(_ envelope: Envelope<SpeakerInvited>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        guard try NotificationStore.advance(speaker: data.speakerId, session: data.sessionId, to: envelope.occurredAt, db) else { return }
        let invitation = InvitationCopy(
            speakerId: data.speakerId, sessionId: data.sessionId, eventId: data.eventId, role: data.role,
            presentationTitle: data.presentationTitle, responseDeadline: data.responseDeadline
        )
        let speaker = try MailWriter.recipient(data.speakerId, db)
        let event = try MailWriter.event(data.eventId, db)
        try NotificationStore.save(invitation, db)
        try writer.write(writer.planner.invited(speaker, invitation, event), causedBy: envelope.id, context, db)
    }

    func reminderDue(
        _ envelope: Envelope<SpeakerInvitationReminderDue>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        guard try NotificationStore.advance(speaker: data.speakerId, session: data.sessionId, to: envelope.occurredAt, db) else { return }
        let invitation = try MailWriter.invitation(speaker: data.speakerId, session: data.sessionId, db)
        let speaker = try MailWriter.recipient(data.speakerId, db)
        let event = try MailWriter.event(invitation.eventId, db)
        try writer.write(writer.planner.reminder(speaker, invitation, event, daysLeft: data.daysLeft), causedBy: envelope.id, context, db)
    }

    func invitationExpired(
        _ envelope: Envelope<SpeakerInvitationExpired>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        guard try NotificationStore.advance(speaker: data.speakerId, session: data.sessionId, to: envelope.occurredAt, db) else { return }
        let invitation = try MailWriter.invitation(speaker: data.speakerId, session: data.sessionId, db)
        let speaker = try MailWriter.recipient(data.speakerId, db)
        let event = try MailWriter.event(invitation.eventId, db)
        try writer.write(writer.planner.expired(speaker, invitation, event), causedBy: envelope.id, context, db)
    }

    /// Nothing to do, and nothing to wait for, when no organiser address is known.
    func speakerConfirmed(_ envelope: Envelope<SpeakerConfirmed>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        guard try NotificationStore.advance(speaker: data.speakerId, session: data.sessionId, to: envelope.occurredAt, db) else { return }
        let event = try MailWriter.event(data.eventId, db)
        guard writer.planner.organiser(of: event) != nil else { return }
        let speaker = try MailWriter.recipient(data.speakerId, db)
        try writer.write(writer.planner.confirmed(speaker, role: data.role, event), causedBy: envelope.id, context, db)
    }

    func speakerReleased(_ envelope: Envelope<SpeakerReleased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        guard try NotificationStore.advance(speaker: data.speakerId, session: data.sessionId, to: envelope.occurredAt, db) else { return }
        let speaker = try MailWriter.recipient(data.speakerId, db)
        let event = try MailWriter.event(data.eventId, db)
        try writer.write(writer.planner.released(speaker, role: data.role, reason: data.reason, event), causedBy: envelope.id, context, db)
    }
}
