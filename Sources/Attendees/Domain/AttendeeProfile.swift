/// The seed's AttendeeProfile, which it leaves unspelled: what an attendee
/// tells about herself. Personal; erasure and consent withdrawal clear it.
public struct AttendeeProfile: Codable, Sendable, Hashable {
    public var bio: String?
    public var interests: [String]
    public var experienceLevel: ExperienceLevel?

    public init(bio: String? = nil, interests: [String] = [], experienceLevel: ExperienceLevel? = nil) {
        self.bio = bio
        self.interests = interests
        self.experienceLevel = experienceLevel
    }

    public static let empty = AttendeeProfile()
}
