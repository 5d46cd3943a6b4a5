/// What a SessionChoiceDropped does.
public enum SessionDropDecision: Sendable, Equatable {
    /// Free the seat: the session's seats taken become `seatsTaken`.
    case release(seatsTaken: Int)
    /// No seat held: remember the drop (its choice) so that its request,
    /// delivered late, takes nothing.
    case remember
    /// A newer choice holds the seat: the drop is about an older one.
    case ignore
}
