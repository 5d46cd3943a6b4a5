public import Identifiers
public import Messaging

/// No seat in the session for the registration, with the first rule that failed.
public struct SessionSeatRejected: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionSeatRejected"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var choiceNumber: Int
    public var reason: SessionSeatRejectionReason

    public init(
        registrationId: Identifier, eventId: Identifier, sessionId: Identifier, choiceNumber: Int, reason: SessionSeatRejectionReason
    ) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.choiceNumber = choiceNumber
        self.reason = reason
    }
}
