public import Foundation
public import Identifiers
public import Messaging

/// A material is off its session: by whom, as what, when (the first
/// removal's, when a removal repeats).
public struct SessionMaterialRemoved: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionMaterialRemoved"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var eventId: Identifier
    public var materialId: Identifier
    public var removedBy: Identifier
    public var removedByRole: String
    public var removedAt: Date
}
