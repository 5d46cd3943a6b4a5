public import Messaging

/// `attendees.SessionSeatRequested`: a registration holding an event seat
/// asks for a seat in one of the event's sessions.
public struct SessionSeatRequested: DomainEvent, SharedFields, Equatable {
    public static let name = "SessionSeatRequested"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public let fields: SessionChoiceFields
    public init(_ fields: SessionChoiceFields) { self.fields = fields }
}
