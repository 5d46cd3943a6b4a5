public import Messaging

/// `events.SessionMaterialAdded`, what attendees' copy of materials keeps of it.
public struct SessionMaterialAdded: DomainEvent, SharedFields, Hashable {
    public static let name = "SessionMaterialAdded"
    public static let context = "events"
    public static let aggregateType = "Session"

    public let fields: MaterialCopyFields
    public init(_ fields: MaterialCopyFields) { self.fields = fields }
}
