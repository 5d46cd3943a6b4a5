public import Foundation
public import Identifiers
public import Messaging

/// A session has a new material: a file's four fields, or a link's url.
public struct SessionMaterialAdded: DomainEvent, AggregateIdentified, Equatable {
    public static let name = "SessionMaterialAdded"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    public var eventId: Identifier
    public var materialId: Identifier
    public var kind: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSizeBytes: Int64?
    public var storageKey: String?
    public var url: String?
    public var addedBy: Identifier
    public var addedByRole: String
    public var addedAt: Date
}
