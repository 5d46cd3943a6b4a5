/// Why events refuses a seat in a session.
public enum SessionSeatRejectionReason: String, Codable, Sendable, CaseIterable {
    case sessionFull = "session_full"
    case unknownSession = "unknown_session"
    case sessionCancelled = "session_cancelled"
    /// The registration holds no seat for the event (never confirmed, or cancelled).
    case noEventSeat = "no_event_seat"
}
