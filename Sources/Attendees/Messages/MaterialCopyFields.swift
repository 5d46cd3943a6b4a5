public import Identifiers

/// What attendees' copy of materials reads of events' SessionMaterialAdded
/// and SessionMaterialRemoved: which material of which session.
public struct MaterialCopyFields: Codable, Sendable, Hashable {
    public var materialId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier

    public init(materialId: Identifier, sessionId: Identifier, eventId: Identifier) {
        self.materialId = materialId
        self.sessionId = sessionId
        self.eventId = eventId
    }
}
