public import Identifiers
public import Messaging

/// events holds a seat in the session for the registration (also the answer
/// to a repeated request). `capacity` is the session's, nil for unlimited.
public struct SessionSeatReserved: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionSeatReserved"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var choiceNumber: Int
    public var seatsTaken: Int
    public var capacity: Int?

    public init(
        registrationId: Identifier, eventId: Identifier, sessionId: Identifier, choiceNumber: Int, seatsTaken: Int, capacity: Int?
    ) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.choiceNumber = choiceNumber
        self.seatsTaken = seatsTaken
        self.capacity = capacity
    }
}
