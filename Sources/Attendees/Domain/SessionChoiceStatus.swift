/// Where the seat of a session choice stands (`registration_sessions.status`).
public enum SessionChoiceStatus: String, Codable, Sendable, Hashable, CaseIterable {
    /// The registration holds no event seat yet; the seat is asked for once it does.
    case pending
    /// SessionSeatRequested is out and not yet answered.
    case requested
    /// events holds a seat in the session for the registration.
    case reserved
    /// events refused (the reason is kept); choosing the session again asks again.
    case rejected
    /// The registration was cancelled; events freed the seat itself.
    case released
    /// No longer chosen. The row stays so that choosing the session again
    /// counts on from its number.
    case dropped
}
