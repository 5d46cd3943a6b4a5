public import Identifiers

/// Seat keeping for sessions, the way `Seats` keeps event seats. The event
/// row is locked while these run, so `seatsTaken` is the session's count of
/// held seats. A session without a capacity takes any number.
public enum SessionSeats {
    /// A seat for a registration that holds an event seat, in a scheduled
    /// session of that event with a seat free; the first failing rule names
    /// the reason. Requests of older choices than the one events knows are ignored.
    public static func reserve(
        session: Session?, eventId: Identifier, eventSeatHeld: Bool, holding: SessionSeatHolding?, choiceNumber: Int,
        seatsTaken: Int
    ) -> SessionSeatDecision {
        if let holding {
            if choiceNumber < holding.choiceNumber { return .ignore }
            if holding.held { return .alreadyHeld(seatsTaken: seatsTaken) }
            if choiceNumber == holding.choiceNumber { return .ignore }
        }
        guard let session, session.eventId == eventId else { return .reject(.unknownSession) }
        guard session.status == .scheduled else { return .reject(.sessionCancelled) }
        guard eventSeatHeld else { return .reject(.noEventSeat) }
        if let capacity = session.capacity, seatsTaken >= capacity { return .reject(.sessionFull) }
        return .reserve(seatsTaken: seatsTaken + 1)
    }

    /// Frees the seat of the dropped choice, or of an older choice of the same
    /// session (the attendee dropped that one before choosing again).
    public static func drop(holding: SessionSeatHolding?, choiceNumber: Int, seatsTaken: Int) -> SessionDropDecision {
        guard let holding else { return .remember }
        guard choiceNumber >= holding.choiceNumber else { return .ignore }
        return holding.held ? .release(seatsTaken: max(seatsTaken - 1, 0)) : .remember
    }
}
