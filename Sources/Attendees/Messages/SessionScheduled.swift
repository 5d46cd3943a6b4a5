public import Messaging

/// `events.SessionScheduled`, what attendees' session copy keeps of it.
public struct SessionScheduled: DomainEvent, SharedFields, Hashable {
    public static let name = "SessionScheduled"
    public static let context = "events"
    public static let aggregateType = "Session"

    public let fields: SessionCopyFields
    public init(_ fields: SessionCopyFields) { self.fields = fields }
}
