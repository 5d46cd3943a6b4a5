public import Identifiers
public import Messaging

/// An UpdateAttendeeProfile that passed every rule, its values trimmed and
/// normalised. nil for email and names: unchanged (they cannot be cleared);
/// nil for a list: unchanged, `[]` empties it.
public struct ProfileChanges: Sendable, Hashable {
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var companyId: Patch<Identifier>
    public var position: Patch<String>
    public var bio: Patch<String>
    public var interests: [String]?
    public var experienceLevel: Patch<ExperienceLevel>
    public var topics: [String]?
    public var sessionTypes: [SessionType]?
    public var language: Patch<ContentLanguage>
}
