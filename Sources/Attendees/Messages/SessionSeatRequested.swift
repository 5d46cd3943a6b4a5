public import Identifiers
public import Messaging

/// `attendees.SessionSeatRequested`: asks events for a seat in a session for
/// a registration that holds an event seat. `choiceId` names this choice of
/// the session (a later choice of the same session has a greater one), so
/// events can tell a stale request or drop from a current one.
public struct SessionSeatRequested: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "SessionSeatRequested"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

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
