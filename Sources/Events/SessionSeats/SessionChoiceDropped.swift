public import Identifiers
public import Messaging

/// `attendees.SessionChoiceDropped`: the attendee gave a session up; the
/// seat of that choice (or of an older one) is freed.
public struct SessionChoiceDropped: DomainEvent, Equatable {
    public static let name = "SessionChoiceDropped"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

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
