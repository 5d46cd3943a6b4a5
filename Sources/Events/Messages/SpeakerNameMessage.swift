public import Messaging

/// The speakers events that name a speaker, as events reads them.
public protocol SpeakerNameMessage: DomainEvent, SharedFields where Fields == SpeakerNameFields {}

extension SpeakerNameMessage {
    public static var context: String { "speakers" }
    public static var aggregateType: String { "Speaker" }
}
