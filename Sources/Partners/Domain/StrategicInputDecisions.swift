public import Foundation
public import Identifiers
public import Messaging

/// The pure decisions on a partner's strategic input: topic suggestions,
/// votes, and the adoption of suggestions by events' topics
/// (docs/analytics.md, "Strategic input"). Only an active partner gives
/// input, always through one of its contacts.
public enum StrategicInputDecisions {
    /// As events' topic titles.
    public static let titleMaxLength = 255
    public static let descriptionMaxLength = 2000

    /// `SuggestTopic`. `definedTopic` is a topic with the suggestion's
    /// normalised title, if partners knows one (then the partner should vote
    /// on it instead); `openSuggestion` says whether the partner has an open
    /// suggestion with that title already.
    public static func suggest(
        _ command: SuggestTopic, partner: Partner?, contacts: [PartnerContact], definedTopic: EventTopic?, openSuggestion: Bool,
        newId: Identifier, now: Date
    ) throws(CommandRejection) -> TopicSuggestion {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let contactId = try Field.required(command.contactId, "contactId")
        let title = try Field.text(command.title, "title", maxLength: titleMaxLength)
        let description = try Field.optionalText(command.description, "description", maxLength: descriptionMaxLength)
        let suggestion = TopicSuggestion(
            id: newId, partnerId: partnerId, contactId: contactId, title: title, description: description, suggestedAt: now
        )
        guard !suggestion.normalizedTitle.isEmpty else {
            throw CommandRejection("invalid_title", "title must contain a letter or a digit")
        }
        try contributor(partner, partnerId, contactId, contacts)
        if let definedTopic {
            throw CommandRejection(
                "topic_exists", "event \(definedTopic.eventId) has this topic already (\(definedTopic.topicId)): vote on it instead"
            )
        }
        guard !openSuggestion else {
            throw CommandRejection("duplicate_suggestion", "partner \(partnerId) has an open suggestion with this title")
        }
        return suggestion
    }

    /// `VoteTopic`. `topic` or `suggestion` is the target the command names,
    /// if partners knows it; `previous` the partner's vote on it so far;
    /// `othersTally` what every other partner's votes on it add up to.
    public static func vote(
        _ command: VoteTopic, partner: Partner?, contacts: [PartnerContact], topic: EventTopic?, suggestion: TopicSuggestion?,
        previous: TopicVote?, othersTally: Int, now: Date
    ) throws(CommandRejection) -> (vote: TopicVote, event: TopicVoted) {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let contactId = try Field.required(command.contactId, "contactId")
        let target = try target(command)
        let text = try Field.required(command.vote, "vote")
        guard let choice = TopicVote.Choice(rawValue: text) else {
            throw CommandRejection("invalid_vote", "vote must be one of \(TopicVote.Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let voter = try contributor(partner, partnerId, contactId, contacts)
        switch target {
        case .topic(let id):
            guard topic != nil else {
                throw CommandRejection(
                    "unknown_topic", "partners knows no topic \(id); if events just defined it, retry once events.EventTopicDefined is out"
                )
            }
        case .suggestion(let id):
            guard let suggestion else { throw CommandRejection("unknown_suggestion", "no suggestion \(id)") }
            if let adopted = suggestion.adoptedTopicId {
                throw CommandRejection("suggestion_adopted", "suggestion \(id) became topic \(adopted): vote on the topic instead")
            }
        }
        let vote = TopicVote(
            partnerId: voter.id, target: target, contactId: contactId, choice: choice, weight: voter.level.voteWeight, votedAt: now
        )
        return (vote, TopicVoted(vote, previous: previous?.choice, tally: othersTally + vote.signedWeight))
    }

    /// `EventTopicDefined` for a topic partners did not know yet: the open
    /// suggestions with its normalised title are adopted by it.
    public static func adopt(_ topic: EventTopic, openSuggestions: [TopicSuggestion]) -> [TopicSuggestion] {
        openSuggestions.filter { $0.adoptedTopicId == nil && $0.normalizedTitle == topic.normalizedTitle }.map {
            var adopted = $0
            adopted.adoptedTopicId = topic.topicId
            return adopted
        }
    }

    /// Exactly one of `topicId` and `suggestionId`.
    static func target(_ command: VoteTopic) throws(CommandRejection) -> VoteTarget {
        switch (command.topicId, command.suggestionId) {
        case (let topic?, nil): return .topic(topic)
        case (nil, let suggestion?): return .suggestion(suggestion)
        case (nil, nil): throw CommandRejection("missing_field", "topicId or suggestionId is required")
        case (.some, .some): throw CommandRejection("invalid_target", "give either topicId or suggestionId, not both")
        }
    }

    /// The partner, active, and the contact one of its own.
    @discardableResult
    static func contributor(
        _ partner: Partner?, _ partnerId: Identifier, _ contactId: Identifier, _ contacts: [PartnerContact]
    ) throws(CommandRejection) -> Partner {
        guard let partner else { throw CommandRejection("unknown_partner", "no partner \(partnerId)") }
        guard partner.isActive else { throw CommandRejection("partnership_ended", "partnership \(partnerId) has ended") }
        guard contacts.contains(where: { $0.id == contactId }) else {
            throw CommandRejection("unknown_contact", "partner \(partnerId) has no contact \(contactId)")
        }
        return partner
    }
}
