/// Why events refused a seat in a session.
public enum SessionSeatRejectionReason: String, Codable, Sendable, Hashable, CaseIterable {
    case sessionFull = "session_full"
    case unknownSession = "unknown_session"
    case sessionCancelled = "session_cancelled"
    /// The registration holds no seat for the event (cancelled, or never confirmed).
    case noEventSeat = "no_event_seat"
}
