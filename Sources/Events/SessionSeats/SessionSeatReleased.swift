public import Identifiers
public import Messaging

/// A seat in the session is free again: the attendee dropped the session or
/// the registration was cancelled. Nobody waits for session seats: whoever
/// was refused may choose the session again.
public struct SessionSeatReleased: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionSeatReleased"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { eventId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var seatsTaken: Int

    public init(registrationId: Identifier, eventId: Identifier, sessionId: Identifier, seatsTaken: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.seatsTaken = seatsTaken
    }
}
