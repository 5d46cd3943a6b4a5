public import Identifiers

/// What events reads of speakers' SpeakerRegistered and
/// SpeakerProfileUpdated: the public name the programme shows. The
/// payloads carry more (email, profile); events ignores it and keeps none.
public struct SpeakerNameFields: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var firstName: String
    public var lastName: String

    public init(speakerId: Identifier, firstName: String, lastName: String) {
        self.speakerId = speakerId
        self.firstName = firstName
        self.lastName = lastName
    }
}
