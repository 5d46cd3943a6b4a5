public import Identifiers

/// How one event's registrations ended, as the answers tell it.
public struct EventTally: Codable, Sendable, Equatable {
    public var event: Identifier
    public var capacity: Int
    /// RegisterAttendee commands sent for it.
    public var registrations: Int
    public var confirmed: Int
    public var waitlisted: Int
    /// CommandRejected or RegistrationRejected.
    public var refused: Int
    /// Without an outcome when the run ended.
    public var unanswered: Int

    public init(event: Identifier, capacity: Int, registrations: Int, confirmed: Int, waitlisted: Int, refused: Int, unanswered: Int) {
        self.event = event
        self.capacity = capacity
        self.registrations = registrations
        self.confirmed = confirmed
        self.waitlisted = waitlisted
        self.refused = refused
        self.unanswered = unanswered
    }
}
