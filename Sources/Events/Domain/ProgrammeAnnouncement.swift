/// A programme to announce, and to keep as the last one announced.
public struct ProgrammeAnnouncement: Sendable, Equatable {
    public var stored: StoredProgramme
    public var notice: ProgrammeNotice
    /// The first announcement: EventProgrammePublished; later ones EventProgrammeChanged.
    public var isFirst: Bool { stored.revision == 1 }
}
