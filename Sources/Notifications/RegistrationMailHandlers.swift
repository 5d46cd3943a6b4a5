import Foundation
import Messaging
import Postgres

/// Mails of the registration saga: confirmed, waitlisted (with the
/// position), promoted from the waitlist, rejected (the reason in words),
/// cancelled. A registration's message older than one already taken (lanes,
/// replicas, retries) mails nothing and marks nothing: its news is stale.
struct RegistrationMailHandlers: Sendable {
    let writer: MailWriter

    /// A registration that was waitlisted is told it was promoted.
    func confirmed(_ envelope: Envelope<RegistrationConfirmed>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data.fields
        guard try NotificationStore.advance(registration: data.registrationId, attendee: data.attendeeId, to: envelope.occurredAt, db) else { return }
        let attendee = try MailWriter.recipient(data.attendeeId, db)
        let event = try MailWriter.event(data.eventId, db)
        let kind: MailKind = try NotificationStore.takeWaitlisted(data.registrationId, db) ? .registrationPromoted : .registrationConfirmed
        guard event.cancelledAt == nil else { return }
        try NotificationStore.markConfirmed(data.registrationId, event: data.eventId, attendee: data.attendeeId, db)
        try writer.write(writer.planner.registration(kind, attendee, event), causedBy: envelope.id, context, db)
    }

    func waitlisted(_ envelope: Envelope<RegistrationWaitlisted>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        guard try NotificationStore.advance(registration: data.registrationId, attendee: data.attendeeId, to: envelope.occurredAt, db) else { return }
        let attendee = try MailWriter.recipient(data.attendeeId, db)
        let event = try MailWriter.event(data.eventId, db)
        guard event.cancelledAt == nil else { return }
        try NotificationStore.markWaitlisted(data.registrationId, attendee: data.attendeeId, db)
        try writer.write(writer.planner.waitlisted(attendee, event, position: data.position), causedBy: envelope.id, context, db)
    }

    func rejected(_ envelope: Envelope<RegistrationRejected>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        guard try NotificationStore.advance(registration: data.registrationId, attendee: data.attendeeId, to: envelope.occurredAt, db) else { return }
        let attendee = try MailWriter.recipient(data.attendeeId, db)
        let event = try NotificationStore.event(data.eventId, db) ?? unknownEvent(data)
        try writer.write(writer.planner.rejected(attendee, event, reason: data.reason), causedBy: envelope.id, context, db)
    }

    func cancelled(_ envelope: Envelope<RegistrationCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data.fields
        guard try NotificationStore.advance(registration: data.registrationId, attendee: data.attendeeId, to: envelope.occurredAt, db) else { return }
        let attendee = try MailWriter.recipient(data.attendeeId, db)
        let event = try MailWriter.event(data.eventId, db)
        _ = try NotificationStore.takeWaitlisted(data.registrationId, db)
        try NotificationStore.forgetConfirmed(data.registrationId, db)
        try writer.write(writer.planner.registration(.registrationCancelled, attendee, event), causedBy: envelope.id, context, db)
    }

    /// The programme, as published and after each change, to every attendee
    /// holding a seat who subscribed to the newsletter: once per message, and
    /// not for a revision older than one already mailed.
    func programme<M: SharedFields>(_ envelope: Envelope<M>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws
    where M.Fields == ProgrammeFacts {
        let facts = envelope.data.fields
        guard let event = try NotificationStore.event(facts.eventId, db), event.cancelledAt == nil,
            try NotificationStore.advance(programme: facts.eventId, to: facts.revision, db)
        else { return }
        for attendeeId in try NotificationStore.confirmedAttendees(of: facts.eventId, db) {
            guard let attendee = try NotificationStore.recipient(attendeeId, db),
                let mail = writer.planner.programme(attendee, event, sessions: facts.sessions)
            else { continue }
            try writer.write(mail, causedBy: envelope.id, context, db)
        }
    }

    /// A registration for an event that does not exist is rejected with
    /// `unknown_event`: the copy never arrives, so the mail names no event.
    private func unknownEvent(_ data: RegistrationRejected) throws -> EventCopy {
        guard data.reason == "unknown_event" else { throw NotYetKnown(description: "event not known yet") }
        return EventCopy(id: data.eventId, title: "–", date: Date(timeIntervalSince1970: 0), venue: "–")
    }
}
