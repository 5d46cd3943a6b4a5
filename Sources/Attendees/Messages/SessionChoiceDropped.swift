public import Identifiers
public import Messaging

/// `attendees.SessionChoiceDropped`: the attendee no longer wants the session
/// (or a seat came for a choice she dropped): events frees whatever seat
/// that choice, or an older one, holds.
public struct SessionChoiceDropped: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "SessionChoiceDropped"
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
