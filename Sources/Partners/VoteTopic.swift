public import Identifiers
public import Messaging

/// `partners.VoteTopic`: an active partner's vote (`for` or `against`), cast
/// by one of its contacts, on one of events' topics (`topicId`) or on an
/// open suggestion (`suggestionId`): exactly one of the two. One vote per
/// partner and target; voting again changes it.
public struct VoteTopic: Command, Hashable {
    public static let name = "VoteTopic"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var contactId: Identifier?
    public var topicId: Identifier?
    public var suggestionId: Identifier?
    public var vote: String?

    public init(partnerId: Identifier?, contactId: Identifier?, topicId: Identifier? = nil, suggestionId: Identifier? = nil, vote: String?) {
        self.partnerId = partnerId
        self.contactId = contactId
        self.topicId = topicId
        self.suggestionId = suggestionId
        self.vote = vote
    }
}
