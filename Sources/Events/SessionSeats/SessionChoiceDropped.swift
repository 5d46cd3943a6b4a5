public import Messaging

/// `attendees.SessionChoiceDropped`: the attendee gave a session up; the
/// seat of that choice (or of an older one) is freed.
public struct SessionChoiceDropped: DomainEvent, SharedFields, Equatable {
    public static let name = "SessionChoiceDropped"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public let fields: SessionChoiceFields
    public init(_ fields: SessionChoiceFields) { self.fields = fields }
}
