public import Identifiers

/// A material of a session as the programme lists it: a file's fields or a link's url.
public struct ProgrammeMaterial: Codable, Sendable, Equatable {
    public var materialId: Identifier
    public var kind: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSizeBytes: Int64?
    public var storageKey: String?
    public var url: String?

    init(_ material: SessionMaterial) {
        materialId = material.id
        kind = material.kind.rawValue
        fileName = material.fileName
        mimeType = material.mimeType
        fileSizeBytes = material.fileSizeBytes
        storageKey = material.storageKey
        url = material.url
    }
}
