public import Foundation
public import Identifiers
public import Messaging

/// A topic of an event (the seed's `Event.topics`): what the evening is
/// about, and what partners vote on.
public struct Topic: Sendable, Equatable {
    public var id: Identifier
    public var eventId: Identifier
    public var title: String
    public var description: String?
    public var tags: [String]

    public var defined: EventTopicDefined {
        EventTopicDefined(eventId: eventId, topicId: id, title: title, description: description, tags: tags)
    }
}

public enum TopicDecision: Sendable, Equatable {
    /// A new topic; `statusChange` when it takes a `planning` event to `topic_defined`.
    case define(Topic, statusChange: StatusChange?)
    /// The command repeats a topic that exists: answer with it, change nothing.
    case existing(Topic)
}

public enum TopicRules {
    public static let maxTags = 20
    public static let tagLimit = 50

    /// `existingWithId`: the topic stored under the command's topicId;
    /// `titleTaken`: the event has another topic of this title (any case).
    public static func define(
        _ command: DefineEventTopic, newId: Identifier, event: Event?, existingWithId: Topic?, titleTaken: Bool, now: Date
    ) throws(CommandRejection) -> TopicDecision {
        if let existing = existingWithId {
            guard existing.eventId == command.eventId else {
                throw CommandRejection("topic_exists", "topic \(existing.id) belongs to another event")
            }
            return .existing(existing)
        }
        guard let event else { throw CommandRejection("unknown_event", "no event \(command.eventId)") }
        if event.status == .cancelled {
            throw CommandRejection("event_cancelled", "event \(event.id) is cancelled")
        }
        guard event.status.acceptsSessionChanges else {
            throw CommandRejection("event_finished", "event \(event.id) is \(event.status.rawValue); its topics are fixed")
        }
        let title = try Validate.required(command.title, "title", max: 255)
        let description = try Validate.optional(command.description, "description")
        let tags = try Validate.list(command.tags ?? [], item: "tag", items: "tags", max: maxTags, itemLimit: tagLimit)
        if titleTaken {
            throw CommandRejection("duplicate_topic", "the event already has a topic of this title")
        }
        let topic = Topic(id: command.topicId ?? newId, eventId: event.id, title: title, description: description, tags: tags)
        let change = event.status == .planning ? EventRules.move(event, to: .topicDefined, now: now) : nil
        return .define(topic, statusChange: change)
    }
}
