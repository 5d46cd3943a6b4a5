public import Identifiers
public import Messaging

/// `attendees.SessionSeatRequested`: asks events for a seat in a session for
/// a registration that holds an event seat.
public struct SessionSeatRequested: DomainEvent, AggregateIdentified, SharedFields, Hashable {
    public static let name = "SessionSeatRequested"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { fields.registrationId }

    public let fields: SessionSeatFields
    public init(_ fields: SessionSeatFields) { self.fields = fields }
}
