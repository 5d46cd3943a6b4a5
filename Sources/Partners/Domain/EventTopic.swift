public import Identifiers

/// partners' copy of one of events' topics (from `EventTopicDefined`).
public struct EventTopic: Hashable, Sendable {
    public var topicId: Identifier
    public var eventId: Identifier
    public var title: String
    public var normalizedTitle: String

    public init(topicId: Identifier, eventId: Identifier, title: String) {
        self.topicId = topicId
        self.eventId = eventId
        self.title = title
        normalizedTitle = TopicTitle.normalized(title)
    }
}
