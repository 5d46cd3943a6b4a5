import Foundation
import Messaging
import Postgres

/// What mails say about events, from `events.EventCreated`.
enum EventCopyHandlers {
    static func eventCreated(_ envelope: Envelope<EventCreated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        let data = envelope.data
        let organiser = data.metadata?["organiserEmail"]?.stringValue
        try NotificationStore.save(
            EventCopy(id: data.eventId, title: data.title, date: data.eventDate, venue: data.venueName, organiserEmail: organiser), db)
    }
}
