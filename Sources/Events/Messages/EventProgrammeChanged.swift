public import Identifiers
public import Messaging

/// A published event's programme changed: the whole new programme, its
/// revision and what changed it (`cause`).
public struct EventProgrammeChanged: DomainEvent, AggregateIdentified, SharedFields, Equatable {
    public static let name = "EventProgrammeChanged"
    public static let context = "events"
    public static let aggregateType = "Event"
    public var aggregateId: Identifier { fields.programme.eventId }
    public let fields: ProgrammeNotice
    public init(_ fields: ProgrammeNotice) { self.fields = fields }
}
