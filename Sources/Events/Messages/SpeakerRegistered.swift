/// `speakers.SpeakerRegistered`, read as the speaker's name.
public struct SpeakerRegistered: SpeakerNameMessage, Equatable {
    public static let name = "SpeakerRegistered"
    public let fields: SpeakerNameFields
    public init(_ fields: SpeakerNameFields) { self.fields = fields }
}
