import Foundation
import Messaging
import Postgres

/// What mails say about events: a copy from `events.EventCreated`, kept up
/// to date by `EventUpdated` (new date, title, venue, organiser) and marked
/// by `EventCancelled`. Messages of one event may be handled out of order
/// by different lanes: the copy written last by events wins.
enum EventCopyHandlers {
    static func eventCreated(_ envelope: Envelope<EventCreated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        try NotificationStore.save(
            EventCopy(
                id: data.eventId, title: data.title, date: data.eventDate, venue: data.venueName,
                organiserEmail: data.metadata?["organiserEmail"]?.stringValue, asOf: envelope.occurredAt
            ), db)
    }

    static func eventUpdated(_ envelope: Envelope<EventUpdated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        try NotificationStore.save(
            EventCopy(
                id: data.eventId, title: data.title, date: data.eventDate, venue: data.venueName,
                organiserEmail: data.metadata?["organiserEmail"]?.stringValue, asOf: envelope.occurredAt
            ), db)
    }

    /// The people concerned hear of it through attendees' RegistrationCancelled
    /// and speakers' SpeakerReleased (reason `event_cancelled`); the mark
    /// keeps a late confirmation or waitlisting from being mailed after it.
    static func eventCancelled(_ envelope: Envelope<EventCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        guard try NotificationStore.cancel(event: envelope.data.eventId, at: envelope.occurredAt, db) else {
            throw NotYetKnown(description: "event cancelled before its EventCreated arrived")
        }
    }
}
