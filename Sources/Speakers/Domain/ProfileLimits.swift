/// The bounds of a speaker's profile, each with the reason code that
/// enforces it (docs/events-speakers.md, "Speaker profiles"). Lengths count
/// Unicode scalars, as PostgreSQL counts characters.
public enum ProfileLimits {
    /// A list field: how many entries, and how long each may be.
    public struct ListLimit: Sendable {
        /// `certifications`: its reason when too many (`certifications_too_long`).
        public let field: String
        /// `certification`: its reasons for one entry (`certification_required`, `_too_long`).
        public let entry: String
        public let maxCount: Int
        public let maxLength: Int
    }

    public static let position = 255
    public static let shortBio = 500
    public static let detailedBio = 10_000
    /// URLs: the length of `companies.website`.
    public static let url = 500
    public static let expertiseAreas = ListLimit(field: "expertise_areas", entry: "expertise_area", maxCount: 50, maxLength: 255)
    public static let certifications = ListLimit(field: "certifications", entry: "certification", maxCount: 50, maxLength: 255)
    public static let speakingTopics = ListLimit(field: "speaking_topics", entry: "speaking_topic", maxCount: 50, maxLength: 255)
    /// Language tags (`de`, `en`, `de-CH`): `LanguageTag.isValid` bounds each.
    public static let languages = 20
}
