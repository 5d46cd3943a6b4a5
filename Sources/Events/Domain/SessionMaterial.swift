public import Foundation
public import Identifiers

/// A material of a session (the seed's `Session.materials`): a stored file
/// (slides, video, code, handout) or a link. Removal keeps the row, so a
/// repeated removal is answered as the first.
public struct SessionMaterial: Sendable, Equatable {
    public var id: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var kind: MaterialKind
    /// The file's fields: all set for a file, all nil for a link.
    public var fileName: String?
    public var mimeType: String?
    public var fileSizeBytes: Int64?
    public var storageKey: String?
    /// A link's target: set exactly for a link.
    public var url: String?
    public var addedBy: Identifier
    public var addedByRole: ActorRole
    public var addedAt: Date
    public var removal: MaterialRemoval?

    public var added: SessionMaterialAdded {
        SessionMaterialAdded(
            sessionId: sessionId, eventId: eventId, materialId: id, kind: kind.rawValue, fileName: fileName, mimeType: mimeType,
            fileSizeBytes: fileSizeBytes, storageKey: storageKey, url: url, addedBy: addedBy, addedByRole: addedByRole.rawValue,
            addedAt: addedAt
        )
    }

    public func removed(_ removal: MaterialRemoval) -> SessionMaterialRemoved {
        SessionMaterialRemoved(
            sessionId: sessionId, eventId: eventId, materialId: id, removedBy: removal.by, removedByRole: removal.role.rawValue,
            removedAt: removal.at
        )
    }
}
