public import Foundation
public import Identifiers

/// A partner's topic suggestion (a `topic_suggestions` row).
public struct TopicSuggestion: Hashable, Sendable {
    public var id: Identifier
    public var partnerId: Identifier
    public var contactId: Identifier
    public var title: String
    public var normalizedTitle: String
    public var description: String?
    public var suggestedAt: Date
    /// The event topic that adopted it, nil while open.
    public var adoptedTopicId: Identifier?

    public init(
        id: Identifier, partnerId: Identifier, contactId: Identifier, title: String, description: String?, suggestedAt: Date,
        adoptedTopicId: Identifier? = nil
    ) {
        self.id = id
        self.partnerId = partnerId
        self.contactId = contactId
        self.title = title
        normalizedTitle = TopicTitle.normalized(title)
        self.description = description
        self.suggestedAt = suggestedAt
        self.adoptedTopicId = adoptedTopicId
    }
}
