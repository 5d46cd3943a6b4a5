public import Foundation
public import Identifiers

/// One partner's vote on a topic or suggestion (a `topic_votes` row).
public struct TopicVote: Hashable, Sendable {
    /// A vote for or against; the tally adds the weights of votes for and
    /// subtracts those against.
    public enum Choice: String, Codable, Hashable, Sendable, CaseIterable {
        case `for`, against
    }

    public var partnerId: Identifier
    public var target: VoteTarget
    public var contactId: Identifier
    public var choice: Choice
    /// The partner's tier's vote weight when it voted last.
    public var weight: Int
    public var votedAt: Date

    public init(partnerId: Identifier, target: VoteTarget, contactId: Identifier, choice: Choice, weight: Int, votedAt: Date) {
        self.partnerId = partnerId
        self.target = target
        self.contactId = contactId
        self.choice = choice
        self.weight = weight
        self.votedAt = votedAt
    }

    /// What the vote adds to its target's tally.
    public var signedWeight: Int { choice == .for ? weight : -weight }
}
