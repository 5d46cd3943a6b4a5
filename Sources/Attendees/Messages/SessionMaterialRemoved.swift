public import Messaging

/// `events.SessionMaterialRemoved`, what attendees' copy of materials keeps of it.
public struct SessionMaterialRemoved: DomainEvent, SharedFields, Hashable {
    public static let name = "SessionMaterialRemoved"
    public static let context = "events"
    public static let aggregateType = "Session"

    public let fields: MaterialCopyFields
    public init(_ fields: MaterialCopyFields) { self.fields = fields }
}
