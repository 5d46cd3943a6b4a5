import Foundation
import Identifiers
import Messaging
import Postgres

/// The seat side of the registration saga, from events' answers: a seat
/// reserved, refused or freed moves registrations and the waitlist.
enum SeatSagaHandlers {
    static func seatReserved(
        _ envelope: Envelope<SeatReserved>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        // Not ours (another deployment's, or a restore): nothing to do.
        let id = envelope.data.registrationId
        guard let registration = try RegistrationHandlers.lockedRegistration(id, now: context.now, db) else { return }
        let decision = SeatSaga.seatReserved(registration, now: context.now)
        try Store.apply(decision, db)
        try context.publish(decision.events)
        if decision.registration.status == .confirmed, registration.status != .confirmed {
            try RegistrationDetailHandlers.askPendingSeats(decision.registration, &context, db)
        }
    }

    static func seatRejected(
        _ envelope: Envelope<SeatRejected>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let id = envelope.data.registrationId
        guard let registration = try RegistrationHandlers.lockedRegistration(id, now: context.now, db) else { return }
        let length = try Store.waitlistLength(eventId: registration.eventId, db)
        let decision = SeatSaga.seatRejected(registration, reason: envelope.data.reason, waitlistLength: length, now: context.now)
        try Store.apply(decision, db)
        try context.publish(decision.events)
        // Someone may now wait for a seat that was freed before this refusal
        // was taken: offer it. Other reasons would only be refused again.
        if envelope.data.reason == .eventFull {
            try offerUnclaimedSeats(eventId: registration.eventId, freed: 0, &context, db)
        }
    }

    static func seatReleased(
        _ envelope: Envelope<SeatReleased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let eventId = envelope.data.eventId
        try Store.lockWaitlist(eventId: eventId, now: context.now, db)
        try offerUnclaimedSeats(eventId: eventId, freed: 1, &context, db)
    }

    /// Seats a raised capacity opened: the waitlist asks for them, front
    /// first, one registration per seat; what nobody can ask for yet is kept
    /// as unclaimed. Call with the event's waitlist lock held.
    static func offerAddedSeats(
        eventId: Identifier, added: Int, capacity: Int, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let stored = try Store.unclaimedSeats(eventId: eventId, db)
        let offer = SeatSaga.offerAll(
            unclaimed: stored + added, capacity: capacity, to: try Store.waitlisted(eventId: eventId, db), now: context.now
        )
        for decision in offer.decisions {
            try Store.apply(decision, db)
            try context.publish(decision.events)
        }
        if offer.unclaimed != stored { try Store.setUnclaimedSeats(eventId: eventId, offer.unclaimed, db) }
    }

    /// The oldest waitlisted registration not already asking asks for a freed
    /// seat; a seat nobody can ask for yet is kept for the next one who can.
    /// Call with the event's waitlist lock held.
    private static func offerUnclaimedSeats(
        eventId: Identifier, freed: Int, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let stored = try Store.unclaimedSeats(eventId: eventId, db)
        guard stored + freed > 0 else { return }
        let offer = SeatSaga.offer(
            unclaimed: stored + freed, capacity: try Store.eventCopy(id: eventId, db)?.venueCapacity,
            to: try Store.waitlisted(eventId: eventId, db), now: context.now
        )
        if let decision = offer.decision {
            try Store.apply(decision, db)
            try context.publish(decision.events)
        }
        if offer.unclaimed != stored { try Store.setUnclaimedSeats(eventId: eventId, offer.unclaimed, db) }
    }
}
