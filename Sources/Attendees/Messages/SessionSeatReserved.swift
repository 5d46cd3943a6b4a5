public import Identifiers
public import Messaging

/// `events.SessionSeatReserved`, as attendees reads it.
public struct SessionSeatReserved: DomainEvent, Hashable {
    public static let name = "SessionSeatReserved"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var choiceId: Identifier

    public init(registrationId: Identifier, eventId: Identifier, sessionId: Identifier, choiceId: Identifier) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.choiceId = choiceId
    }
}
