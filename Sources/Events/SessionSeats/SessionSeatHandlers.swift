import Messaging
import Postgres

/// Session seats, asked for and given back by attendees, kept under the
/// event's row lock like event seats (docs/events-speakers.md).
enum SessionSeatHandlers {
    static func sessionSeatRequested(
        _ envelope: Envelope<SessionSeatRequested>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data.fields
        _ = try EventStore.event(data.eventId, lock: true, db)
        let session = try EventStore.session(data.sessionId, db)
        let taken = try EventStore.seatsTaken(session: data.sessionId, db)
        let decision = SessionSeats.reserve(
            session: session, eventId: data.eventId, eventSeatHeld: try EventStore.holding(data.registrationId, db) == .held,
            holding: try EventStore.sessionSeat(registration: data.registrationId, session: data.sessionId, db),
            choiceNumber: data.choiceNumber, seatsTaken: taken
        )
        switch decision {
        case .reserve(let seatsTaken):
            try EventStore.reserveSessionSeat(data, now: context.now, db)
            try context.publish(reserved(data, seatsTaken: seatsTaken, capacity: session?.capacity))
        case .alreadyHeld(let seatsTaken):
            try EventStore.renewSessionSeat(registration: data.registrationId, session: data.sessionId, choice: data.choiceNumber, db)
            try context.publish(reserved(data, seatsTaken: seatsTaken, capacity: session?.capacity))
        case .reject(let reason):
            try context.publish(
                SessionSeatRejected(
                    registrationId: data.registrationId, eventId: data.eventId, sessionId: data.sessionId, choiceNumber: data.choiceNumber,
                    reason: reason
                ))
        case .ignore:
            break
        }
    }

    static func sessionChoiceDropped(
        _ envelope: Envelope<SessionChoiceDropped>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data.fields
        // Not an event of ours: nothing was ever held.
        guard try EventStore.event(data.eventId, lock: true, db) != nil, try EventStore.session(data.sessionId, db)?.eventId == data.eventId
        else { return }
        let decision = SessionSeats.drop(
            holding: try EventStore.sessionSeat(registration: data.registrationId, session: data.sessionId, db), choiceNumber: data.choiceNumber,
            seatsTaken: try EventStore.seatsTaken(session: data.sessionId, db)
        )
        switch decision {
        case .release(let seatsTaken):
            try EventStore.releaseSessionSeat(data, now: context.now, db)
            try context.publish(
                SessionSeatReleased(registrationId: data.registrationId, eventId: data.eventId, sessionId: data.sessionId, seatsTaken: seatsTaken))
        case .remember:
            try EventStore.releaseSessionSeat(data, now: context.now, db)
        case .ignore:
            break
        }
    }

    /// The registration was cancelled: every session seat it holds is freed.
    /// Call with the event row locked (SeatHandlers.registrationCancelled).
    static func releaseAll(_ data: RegistrationCancelled, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws {
        for session in try EventStore.releaseSessionSeats(registration: data.registrationId, now: context.now, db) {
            try context.publish(
                SessionSeatReleased(
                    registrationId: data.registrationId, eventId: data.eventId, sessionId: session,
                    seatsTaken: try EventStore.seatsTaken(session: session, db)
                ))
        }
    }

    private static func reserved(_ data: SessionChoiceFields, seatsTaken: Int, capacity: Int?) -> SessionSeatReserved {
        SessionSeatReserved(
            registrationId: data.registrationId, eventId: data.eventId, sessionId: data.sessionId, choiceNumber: data.choiceNumber,
            seatsTaken: seatsTaken, capacity: capacity
        )
    }
}
