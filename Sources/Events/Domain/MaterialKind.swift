/// What a session material is. A `link` points somewhere (`url`); every
/// other kind is a stored file (name, MIME type, size, storage key).
public enum MaterialKind: String, Codable, Sendable, CaseIterable {
    case slides, video, code, handout, link

    public var isFile: Bool { self != .link }
}
