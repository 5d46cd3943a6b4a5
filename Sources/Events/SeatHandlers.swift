import Messaging
import Postgres

/// Seats, the events side of the registration saga: attendees asks for a
/// seat or gives one back; events owns the capacity and answers.
enum SeatHandlers {
    static func registrationRequested(
        _ envelope: Envelope<RegistrationRequested>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        let event = try EventStore.event(data.eventId, lock: true, db)
        let holding = try EventStore.holding(data.registrationId, db)
        switch Seats.reserve(event: event, holding: holding, now: context.now) {
        case .reserve:
            let count = try EventStore.reserveSeat(
                registration: data.registrationId, event: data.eventId, attendee: data.attendeeId, now: context.now, db
            )
            try context.publish(SeatReserved(registrationId: data.registrationId, eventId: data.eventId, currentAttendeeCount: count))
        case .alreadyHeld(let count):
            try context.publish(SeatReserved(registrationId: data.registrationId, eventId: data.eventId, currentAttendeeCount: count))
        case .reject(let reason):
            try context.publish(SeatRejected(registrationId: data.registrationId, eventId: data.eventId, reason: reason.rawValue))
        case .ignore:
            break
        }
    }

    static func registrationCancelled(
        _ envelope: Envelope<RegistrationCancelled>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        let event = try EventStore.event(data.eventId, lock: true, db)
        let holding = try EventStore.holding(data.registrationId, db)
        switch Seats.release(event: event, holding: holding) {
        case .release:
            let count = try EventStore.releaseSeat(registration: data.registrationId, event: data.eventId, now: context.now, db)
            try context.publish(SeatReleased(registrationId: data.registrationId, eventId: data.eventId, currentAttendeeCount: count))
        case .remember:
            try EventStore.rememberCancellation(registration: data.registrationId, event: data.eventId, now: context.now, db)
        case .ignore:
            break
        }
        try SessionSeatHandlers.releaseAll(data, &context, db)
    }
}
