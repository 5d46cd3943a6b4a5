public import Identifiers
public import Messaging

/// `attendees.SessionSeatRequested`: a registration holding an event seat
/// asks for a seat in one of the event's sessions. `choiceId` orders the
/// attendee's choices of the session: a smaller one than the seat row's is stale.
public struct SessionSeatRequested: DomainEvent, Equatable {
    public static let name = "SessionSeatRequested"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var attendeeId: Identifier
    public var choiceId: Identifier

    public init(registrationId: Identifier, eventId: Identifier, sessionId: Identifier, attendeeId: Identifier, choiceId: Identifier) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.attendeeId = attendeeId
        self.choiceId = choiceId
    }
}
