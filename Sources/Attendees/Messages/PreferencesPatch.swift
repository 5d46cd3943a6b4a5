public import Messaging

/// UpdateAttendeeProfile's `preferences`: the seed's ContentPreferences, field by field.
public struct PreferencesPatch: Codable, Sendable, Hashable {
    /// `null` or `[]` empties the list.
    public var topics: Patch<[String]>
    public var sessionTypes: Patch<[SessionType]>
    public var language: Patch<ContentLanguage>

    public init(
        topics: Patch<[String]> = .unchanged, sessionTypes: Patch<[SessionType]> = .unchanged, language: Patch<ContentLanguage> = .unchanged
    ) {
        self.topics = topics
        self.sessionTypes = sessionTypes
        self.language = language
    }
}
