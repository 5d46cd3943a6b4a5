public import Messaging

/// UpdateAttendeeProfile's `profile`: the seed's AttendeeProfile, field by field.
public struct ProfilePatch: Codable, Sendable, Hashable {
    public var bio: Patch<String>
    /// `null` or `[]` empties the list.
    public var interests: Patch<[String]>
    public var experienceLevel: Patch<ExperienceLevel>

    public init(bio: Patch<String> = .unchanged, interests: Patch<[String]> = .unchanged, experienceLevel: Patch<ExperienceLevel> = .unchanged) {
        self.bio = bio
        self.interests = interests
        self.experienceLevel = experienceLevel
    }
}
