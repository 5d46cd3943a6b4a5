public import Identifiers

/// A confirmed speaker of a session. The names are absent while events has
/// not heard them from speakers, and after the speaker was erased: the slot
/// stays, without a name.
public struct ProgrammeSpeaker: Codable, Sendable, Equatable {
    public var speakerId: Identifier
    public var firstName: String?
    public var lastName: String?
    public var role: String
    public var presentationTitle: String?
}
