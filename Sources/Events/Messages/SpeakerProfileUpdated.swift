/// `speakers.SpeakerProfileUpdated`, read as the speaker's name.
public struct SpeakerProfileUpdated: SpeakerNameMessage, Equatable {
    public static let name = "SpeakerProfileUpdated"
    public let fields: SpeakerNameFields
    public init(_ fields: SpeakerNameFields) { self.fields = fields }
}
