import Foundation
import Identifiers
import Messaging
import Postgres

/// The local copy of events (status, deadline, capacity) that registration
/// decides on; registration closing tells the waitlist, a status that ends
/// registration for good closes the waitlist, and a raised capacity offers
/// its seats to the waitlist.
enum EventCopyHandlers {
    static func eventCreated(
        _ envelope: Envelope<EventCreated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        let copy = EventCopies.created(
            envelope.data, occurredAt: envelope.occurredAt, existing: try Store.eventCopy(id: eventId, db),
            cancelledAt: try Store.cancellation(eventId: eventId, db)
        )
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
        if let existing, EventCopies.closedRegistration(before: existing, after: copy) {
            for notice in SeatSaga.waitlistClosed(try Store.waitlisted(eventId: eventId, db)) { try context.publish(notice) }
        }
        guard EventCopies.closesWaitlist(copy.status) else { return }
        for decision in SeatSaga.closeWaitlist(try Store.waitlisted(eventId: eventId, db), now: context.now) {
            try Store.apply(decision, db)
            try context.publish(decision.events)
        }
    }

    static func eventUpdated(
        _ envelope: Envelope<EventUpdated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try Store.lockWaitlist(eventId: eventId, now: context.now, db)
        let existing = try Store.eventCopy(id: eventId, db)
        guard let copy = EventCopies.updated(envelope.data, occurredAt: envelope.occurredAt, existing: existing) else {
            throw NotYetKnown(description: "event \(eventId) was updated before its EventCreated arrived")
        }
        try Store.save(copy, now: context.now, db)
        // The seats are real whatever the order of updates: offer each one.
        if envelope.data.seatsAdded > 0 && copy.status != .cancelled {
            try SeatSagaHandlers.offerAddedSeats(
                eventId: eventId, added: envelope.data.seatsAdded, capacity: copy.venueCapacity, &context, db
            )
        }
    }
}
