/// What a SessionSeatRequested does.
public enum SessionSeatDecision: Sendable, Equatable {
    /// Take a seat: the session's seats taken become `seatsTaken`.
    case reserve(seatsTaken: Int)
    /// The registration holds a seat in the session already: answer again
    /// (the seat now belongs to this, newer or equal, choice).
    case alreadyHeld(seatsTaken: Int)
    case reject(SessionSeatRejectionReason)
    /// A stale request (its choice was dropped, or a newer choice was heard
    /// of): no seat, no answer; nobody waits for one.
    case ignore
}
