public import Identifiers
public import Messaging

/// Takes a material off a session, by an organiser or a speaker confirmed
/// for the session. Answered with SessionMaterialRemoved (again, for one
/// already removed).
public struct RemoveSessionMaterial: Command, AggregateIdentified, Equatable {
    public static let name = "RemoveSessionMaterial"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var materialId: Identifier
    public var actorId: Identifier
    /// `organiser` or `speaker`.
    public var actorRole: String

    public init(sessionId: Identifier, materialId: Identifier, actorId: Identifier, actorRole: String) {
        self.sessionId = sessionId
        self.materialId = materialId
        self.actorId = actorId
        self.actorRole = actorRole
    }
}
