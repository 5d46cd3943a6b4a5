public import Identifiers
public import Messaging

/// `partners.TopicVoted`: the partner's vote as it stands now, and its
/// target's tally (the weights of every partner's votes for it minus those
/// against). Exactly one of `topicId` and `suggestionId` is non-null;
/// `previousVote` is null for a first vote. Every member is always present.
public struct TopicVoted: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "TopicVoted"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var contactId: Identifier
    public var topicId: Identifier?
    public var suggestionId: Identifier?
    public var vote: TopicVote.Choice
    public var previousVote: TopicVote.Choice?
    public var weight: Int
    public var tally: Int

    public init(_ vote: TopicVote, previous: TopicVote.Choice?, tally: Int) {
        partnerId = vote.partnerId
        contactId = vote.contactId
        if case .topic(let id) = vote.target { topicId = id }
        if case .suggestion(let id) = vote.target { suggestionId = id }
        self.vote = vote.choice
        previousVote = previous
        weight = vote.weight
        self.tally = tally
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(contactId, forKey: .contactId)
        try container.encode(topicId, forKey: .topicId)
        try container.encode(suggestionId, forKey: .suggestionId)
        try container.encode(vote, forKey: .vote)
        try container.encode(previousVote, forKey: .previousVote)
        try container.encode(weight, forKey: .weight)
        try container.encode(tally, forKey: .tally)
    }
}
