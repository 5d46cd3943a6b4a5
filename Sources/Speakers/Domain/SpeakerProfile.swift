/// The data architecture's `SpeakerProfile`: what a speaker tells about
/// themselves. Travels as is in the profile messages.
public struct SpeakerProfile: Codable, Sendable, Equatable {
    public var shortBio: String?
    public var detailedBio: String?
    public var expertiseAreas: [String]
    public var profilePhotoUrl: String?
    public var linkedInUrl: String?
    /// Without the leading `@`.
    public var twitterHandle: String?
    public var certifications: [String]
    public var languages: [String]
    public var speakingTopics: [String]

    public init(
        shortBio: String? = nil, detailedBio: String? = nil, expertiseAreas: [String] = [], profilePhotoUrl: String? = nil,
        linkedInUrl: String? = nil, twitterHandle: String? = nil, certifications: [String] = [], languages: [String] = [],
        speakingTopics: [String] = []
    ) {
        self.shortBio = shortBio
        self.detailedBio = detailedBio
        self.expertiseAreas = expertiseAreas
        self.profilePhotoUrl = profilePhotoUrl
        self.linkedInUrl = linkedInUrl
        self.twitterHandle = twitterHandle
        self.certifications = certifications
        self.languages = languages
        self.speakingTopics = speakingTopics
    }
}
