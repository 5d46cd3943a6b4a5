public import Identifiers
public import Messaging

/// The event was published: its whole programme, revision 1.
public struct EventProgrammePublished: DomainEvent, AggregateIdentified, SharedFields, Equatable {
    public static let name = "EventProgrammePublished"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { fields.programme.eventId }
    public let fields: ProgrammeNotice
    public init(_ fields: ProgrammeNotice) { self.fields = fields }
}
