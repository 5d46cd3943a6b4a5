public import Messaging

/// `events.SessionCancelled`, what attendees' session copy keeps of it.
public struct SessionCancelled: DomainEvent, SharedFields, Hashable {
    public static let name = "SessionCancelled"
    public static let context = "events"
    public static let aggregateType = "Session"

    public let fields: SessionCopyFields
    public init(_ fields: SessionCopyFields) { self.fields = fields }
}
