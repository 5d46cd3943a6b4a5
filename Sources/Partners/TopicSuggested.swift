public import Identifiers
public import Messaging

/// `partners.TopicSuggested`. Every member is always present (`description`
/// null when none was given).
public struct TopicSuggested: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "TopicSuggested"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var suggestionId: Identifier
    public var contactId: Identifier
    public var title: String
    public var description: String?

    public init(_ suggestion: TopicSuggestion) {
        partnerId = suggestion.partnerId
        suggestionId = suggestion.id
        contactId = suggestion.contactId
        title = suggestion.title
        description = suggestion.description
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(suggestionId, forKey: .suggestionId)
        try container.encode(contactId, forKey: .contactId)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
    }
}
