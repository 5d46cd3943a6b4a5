public import Identifiers
public import Messaging

/// `events.EventTopicDefined`, as far as partners reads it: the topic copy
/// votes name, and the title that may adopt suggestions.
public struct EventTopicDefinedNotice: DomainEvent, Hashable {
    public static let name = "EventTopicDefined"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier
    public var topicId: Identifier
    public var title: String

    public init(eventId: Identifier, topicId: Identifier, title: String) {
        self.eventId = eventId
        self.topicId = topicId
        self.title = title
    }
}
