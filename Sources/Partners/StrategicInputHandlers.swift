import Identifiers
import Messaging
import Postgres

/// Topic suggestions and votes, and events' topics that adopt suggestions:
/// each recalculates the partners whose topic influence it may move.
enum StrategicInputHandlers {
    static func suggestTopic(
        _ envelope: Envelope<SuggestTopic>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (partner, contacts) = try ContactHandlers.partnerAndContacts(command.partnerId, db)
        let title = TopicTitle.normalized(command.title ?? "")
        let defined = title.isEmpty ? nil : try PartnerStore.topic(normalizedTitle: title, db)
        let open = try PartnerStore.openSuggestions(normalizedTitle: title, db).contains { $0.partnerId == partner?.id }
        let suggestion = try StrategicInputDecisions.suggest(
            command, partner: partner, contacts: contacts, definedTopic: defined, openSuggestion: open, newId: Identifier(),
            now: context.now
        )
        try PartnerStore.save(suggestion, db)
        try context.publish(TopicSuggested(suggestion))
        if let partner { try Recalculation.recalculate(partner, &context, db) }
    }

    static func voteTopic(
        _ envelope: Envelope<VoteTopic>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (partner, contacts) = try ContactHandlers.partnerAndContacts(command.partnerId, db)
        let target = command.topicId.map(VoteTarget.topic) ?? command.suggestionId.map(VoteTarget.suggestion)
        var previous: TopicVote?
        var othersTally = 0
        if let partner, let target {
            previous = try PartnerStore.vote(of: partner.id, on: target, db)
            othersTally = try PartnerStore.othersTally(on: target, excluding: partner.id, db)
        }
        let (vote, event) = try StrategicInputDecisions.vote(
            command, partner: partner, contacts: contacts, topic: try command.topicId.flatMap { try PartnerStore.topic($0, db) },
            suggestion: try command.suggestionId.flatMap { try PartnerStore.suggestion($0, db) }, previous: previous,
            othersTally: othersTally, now: context.now
        )
        try PartnerStore.save(vote, db)
        try context.publish(event)
        if let partner { try Recalculation.recalculate(partner, &context, db) }
    }

    /// Keeps the topic; the first time partners hears of it, the open
    /// suggestions with its title are adopted and every partner that backed
    /// one is recalculated.
    static func eventTopicDefined(
        _ envelope: Envelope<EventTopicDefinedNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let notice = envelope.data
        let topic = EventTopic(topicId: notice.topicId, eventId: notice.eventId, title: notice.title)
        guard try PartnerStore.insert(topic, definedAt: envelope.occurredAt, db) else { return }
        let adopted = StrategicInputDecisions.adopt(
            topic, openSuggestions: try PartnerStore.openSuggestions(normalizedTitle: topic.normalizedTitle, db)
        )
        guard !adopted.isEmpty else { return }
        let companies = try PartnerStore.companiesBacking(normalizedTitle: topic.normalizedTitle, db)
        for suggestion in adopted { try PartnerStore.markAdopted(suggestion, at: envelope.occurredAt, db) }
        for companyId in companies.sorted() { try Recalculation.recalculate(company: companyId, &context, db) }
    }

    static func sessionScheduled(
        _ envelope: Envelope<SessionScheduledNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try PartnerStore.save(session: envelope.data.sessionId, of: envelope.data.eventId, db)
    }
}
