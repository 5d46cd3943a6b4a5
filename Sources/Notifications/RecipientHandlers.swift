import Foundation
import Identifiers
import Messaging
import Postgres

/// The recipient copies: kept from speakers' and attendees' events, and
/// deleted, with every mail about the person, on their erasure.
enum RecipientHandlers {
    static func speakerRegistered(
        _ envelope: Envelope<SpeakerRegistered>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        // A profile update that overtook the registration wins (it is newer).
        try NotificationStore.save(
            Recipient(
                id: data.speakerId, role: .speaker, email: data.email, firstName: data.firstName, lastName: data.lastName,
                asOf: envelope.occurredAt
            ), db)
    }

    static func speakerProfileUpdated(
        _ envelope: Envelope<SpeakerProfileUpdated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        try NotificationStore.save(
            Recipient(
                id: data.speakerId, role: .speaker, email: data.email, firstName: data.firstName, lastName: data.lastName,
                language: data.communicationPreferences.language, reminderOptOut: data.communicationPreferences.reminderOptOut,
                asOf: envelope.occurredAt
            ), db)
    }

    static func attendeeRegistered(
        _ envelope: Envelope<AttendeeRegistered>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        try NotificationStore.save(
            Recipient(
                id: data.attendeeId, role: .attendee, email: data.email, firstName: data.firstName, lastName: data.lastName,
                newsletter: data.newsletterSubscription, asOf: envelope.occurredAt
            ), db)
    }

    static func speakerErased(_ envelope: Envelope<SpeakerErased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try erase(envelope.data.speakerId, at: envelope.occurredAt, reason: "speaker_erased", &context, db)
    }

    static func attendeeErased(_ envelope: Envelope<AttendeeErased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        try erase(envelope.data.attendeeId, at: envelope.occurredAt, reason: "attendee_erased", &context, db)
    }

    /// Nothing about the person stays: the copy, the mails (sent or not),
    /// the invitation and waitlist copies. Messages waiting in this worker's
    /// retry and parking queues about them go too: each names the person's
    /// id, so the id is the needle (the kernel keeps needles for a while;
    /// the address would be personal data kept).
    private static func erase(
        _ id: Identifier, at time: Date, reason: String, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try NotificationStore.erase(id, at: time, db)
        try context.forgetMessages(mentioning: [id.description], reason: reason)
    }

    /// Messages about one person run one at a time, so an erasure never
    /// misses a mail written beside it.
    static func personKey(_ id: Identifier) -> [String] { ["person:\(id)"] }
}
