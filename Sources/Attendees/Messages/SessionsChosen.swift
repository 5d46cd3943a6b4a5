public import Identifiers
public import Messaging

/// `attendees.SessionsChosen`: the registration's session choices as they
/// now stand (the seed's sessionPreferences). Seats are asked for separately.
public struct SessionsChosen: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "SessionsChosen"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var sessionIds: [Identifier]

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, sessionIds: [Identifier]) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.sessionIds = sessionIds
    }
}
