/// Everything about a speaker that is personal data: what `EraseSpeaker`
/// removes, in one place so nothing is forgotten.
public struct SpeakerPersonal: Sendable, Equatable {
    public var email: String
    public var firstName: String
    public var lastName: String
    public var position: String?
    public var profile: SpeakerProfile
    public var preferences: CommunicationPreferences

    public init(
        email: String, firstName: String, lastName: String, position: String? = nil, profile: SpeakerProfile = SpeakerProfile(),
        preferences: CommunicationPreferences = CommunicationPreferences()
    ) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.position = position
        self.profile = profile
        self.preferences = preferences
    }
}
