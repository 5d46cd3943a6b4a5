import Foundation
import Identifiers
import Messaging
import Postgres

/// attendees' step of the event cancellation saga.
enum EventCancellationHandlers {
    /// Every open registration of the event is cancelled (`RegistrationCancelled`,
    /// reason `event_cancelled`); nobody is promoted from the waitlist, and
    /// seats nobody claimed are forgotten. events freed the seats itself.
    /// Registering does not wait for the event's copy, so an event whose
    /// EventCreated has not arrived yet has its registrations cancelled too;
    /// the cancellation is remembered for the copy EventCreated writes later.
    static func eventCancelled(
        _ envelope: Envelope<EventCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try Store.lockWaitlist(eventId: eventId, now: context.now, db)
        try Store.rememberCancellation(eventId: eventId, at: envelope.occurredAt, db)
        if let copy = EventCopies.cancelled(occurredAt: envelope.occurredAt, existing: try Store.eventCopy(id: eventId, db)) {
            try Store.save(copy, now: context.now, db)
        }
        for decision in EventCancellation.cancelAll(try Store.openRegistrations(eventId: eventId, db), now: context.now) {
            try Store.apply(decision, db)
            try context.publish(decision.events)
        }
        try Store.setUnclaimedSeats(eventId: eventId, 0, db)
    }
}
