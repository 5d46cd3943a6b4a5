/// The seed's ContentPreferences: what an attendee wants to hear about.
/// Erasure and consent withdrawal clear it.
public struct ContentPreferences: Codable, Sendable, Hashable {
    public var topics: [String]
    public var sessionTypes: [SessionType]
    public var language: ContentLanguage?

    public init(topics: [String] = [], sessionTypes: [SessionType] = [], language: ContentLanguage? = nil) {
        self.topics = topics
        self.sessionTypes = sessionTypes
        self.language = language
    }

    public static let empty = ContentPreferences()
}
