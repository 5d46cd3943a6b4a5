public import Identifiers
public import Messaging

/// `attendees.SessionChoiceDropped`: the attendee no longer wants the session
/// (or a seat came for a choice she dropped): events frees whatever seat
/// that choice, or an older one, holds.
public struct SessionChoiceDropped: DomainEvent, AggregateIdentified, SharedFields, Hashable {
    public static let name = "SessionChoiceDropped"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { fields.registrationId }

    public let fields: SessionSeatFields
    public init(_ fields: SessionSeatFields) { self.fields = fields }
}
