public import Identifiers
public import Messaging

/// Hands in a material for a session: a file (kind slides, video, code or
/// handout, with file name, MIME type, size and storage key) or a link
/// (kind link, with url). The actor is an organiser, or a speaker confirmed
/// for the session. Answered with SessionMaterialAdded.
public struct AddSessionMaterial: Command, AggregateIdentified, Equatable {
    public static let name = "AddSessionMaterial"
    public static let context = "events"
    public static let aggregateType = "Session"
    public var aggregateId: Identifier { sessionId }

    public var sessionId: Identifier
    /// Absent: the command's id (a retried handler adds the same material).
    public var materialId: Identifier?
    public var kind: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSizeBytes: Int64?
    public var storageKey: String?
    public var url: String?
    /// Who hands it in (the material's `addedBy`), and as what: `organiser` or `speaker`.
    public var actorId: Identifier
    public var actorRole: String

    public init(
        sessionId: Identifier, materialId: Identifier? = nil, kind: String, fileName: String? = nil, mimeType: String? = nil,
        fileSizeBytes: Int64? = nil, storageKey: String? = nil, url: String? = nil, actorId: Identifier, actorRole: String
    ) {
        self.sessionId = sessionId
        self.materialId = materialId
        self.kind = kind
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSizeBytes = fileSizeBytes
        self.storageKey = storageKey
        self.url = url
        self.actorId = actorId
        self.actorRole = actorRole
    }
}
