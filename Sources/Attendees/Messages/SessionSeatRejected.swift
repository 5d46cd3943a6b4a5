public import Identifiers
public import Messaging

/// `events.SessionSeatRejected`, as attendees reads it; a reason it does not
/// know does not decode and is parked.
public struct SessionSeatRejected: DomainEvent, Hashable {
    public static let name = "SessionSeatRejected"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var choiceId: Identifier
    public var reason: SessionSeatRejectionReason

    public init(
        registrationId: Identifier, eventId: Identifier, sessionId: Identifier, choiceId: Identifier, reason: SessionSeatRejectionReason
    ) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.choiceId = choiceId
        self.reason = reason
    }
}
