/// The programme events last announced for an event: its JSON as it went
/// out, and its revision.
public struct StoredProgramme: Sendable, Equatable {
    public var json: String
    public var revision: Int
}
