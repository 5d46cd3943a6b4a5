import Foundation
import Identifiers
import Messaging
import Postgres

/// The local copy of events (status, deadline, capacity) that registration
/// decides on; a status that closes registration closes the waitlist too.
enum EventCopyHandlers {
    static func eventCreated(
        _ envelope: Envelope<EventCreated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let existing = try Store.eventCopy(id: envelope.data.eventId, db)
        let copy = EventCopies.created(envelope.data, occurredAt: envelope.occurredAt, existing: existing)
        try Store.save(copy, now: context.now, db)
    }

    static func eventStatusChanged(
        _ envelope: Envelope<EventStatusChanged>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try Store.lockWaitlist(eventId: eventId, now: context.now, db)
        let existing = try Store.eventCopy(id: eventId, db)
        guard let copy = EventCopies.statusChanged(envelope.data, occurredAt: envelope.occurredAt, existing: existing) else {
            throw NotYetKnown(description: "event \(eventId) changed status before its EventCreated arrived")
        }
        try Store.save(copy, now: context.now, db)
        guard EventCopies.closesWaitlist(copy.status) else { return }
        for decision in SeatSaga.closeWaitlist(try Store.waitlisted(eventId: eventId, db), now: context.now) {
            try Store.apply(decision, db)
            try context.publish(decision.events)
        }
    }
}
