import Identifiers
import Messaging
import Postgres

/// The keys each partners handler holds while it runs (see
/// `LockKeysFunction`): the companies whose partner's figures it reads or
/// recalculates, and the attendee whose link to a company it may move.
/// Facts of different companies run side by side in several lanes and
/// replicas; two facts of one company, or a fact and that company's
/// partnership change, one after the other, so neither computes from rows
/// the other has not committed yet.
enum PartnerLocks {
    static func company(_ id: Identifier) -> String { "company:\(id)" }
    static func attendee(_ id: Identifier) -> String { "attendee:\(id)" }
    /// Suggestions and topics of one normalised title: a suggestion and the
    /// topic that adopts it, and votes on a suggestion and its adoption,
    /// never both miss each other.
    static func topicTitle(_ normalized: String) -> String { "topic-title:\(normalized)" }
    /// Votes on one of events' topics, so each publishes a tally that counts the others.
    static func topic(_ id: Identifier) -> String { "topic:\(id)" }

    /// A fact about an attendee: the attendee, the company the fact names
    /// and the company the attendee is linked to now (a move recalculates both).
    static func attendeeFact(_ attendeeId: Identifier, naming companyId: Identifier?, _ db: isolated PostgresConnection) throws -> [String] {
        let linked = try PartnerStore.link(attendeeId, db)?.companyId
        return [attendee(attendeeId)] + Set([companyId, linked].compactMap { $0 }).map(company)
    }

    static func companyCreated(_ envelope: Envelope<CompanyCreatedNotice>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    static func companyUpdated(_ envelope: Envelope<CompanyUpdatedNotice>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    static func companyDeactivated(_ envelope: Envelope<CompanyDeactivatedNotice>, _ db: isolated PostgresConnection) throws -> [String] {
        [company(envelope.data.companyId)]
    }

    static func attendeeRegistered(_ envelope: Envelope<AttendeeRegistered>, _ db: isolated PostgresConnection) throws -> [String] {
        try attendeeFact(envelope.data.attendeeId, naming: envelope.data.companyId, db)
    }

    static func attendanceRecorded(_ envelope: Envelope<AttendanceRecorded>, _ db: isolated PostgresConnection) throws -> [String] {
        try attendeeFact(envelope.data.attendeeId, naming: envelope.data.companyId, db)
    }

    static func contentEngaged(_ envelope: Envelope<ContentEngaged>, _ db: isolated PostgresConnection) throws -> [String] {
        try attendeeFact(envelope.data.attendeeId, naming: envelope.data.companyId, db)
    }

    static func attendeeErased(_ envelope: Envelope<AttendeeErased>, _ db: isolated PostgresConnection) throws -> [String] {
        try attendeeFact(envelope.data.attendeeId, naming: nil, db)
    }

    static func startPartnership(_ envelope: Envelope<StartPartnership>, _ db: isolated PostgresConnection) throws -> [String] {
        envelope.data.companyId.map { [company($0)] } ?? []
    }

    /// The company of the partner named (none when there is no such partner:
    /// the command is refused without touching anything).
    static func partnerCompany(_ partnerId: Identifier?, _ db: isolated PostgresConnection) throws -> [String] {
        guard let partnerId, let partner = try PartnerStore.partner(partnerId, db) else { return [] }
        return [company(partner.companyId)]
    }

    static func changePartnershipLevel(_ envelope: Envelope<ChangePartnershipLevel>, _ db: isolated PostgresConnection) throws -> [String] {
        try partnerCompany(envelope.data.partnerId, db)
    }

    static func endPartnership(_ envelope: Envelope<EndPartnership>, _ db: isolated PostgresConnection) throws -> [String] {
        try partnerCompany(envelope.data.partnerId, db)
    }

    static func addPartnerContact(_ envelope: Envelope<AddPartnerContact>, _ db: isolated PostgresConnection) throws -> [String] {
        try partnerCompany(envelope.data.partnerId, db)
    }

    static func updatePartnerContact(_ envelope: Envelope<UpdatePartnerContact>, _ db: isolated PostgresConnection) throws -> [String] {
        try partnerCompany(envelope.data.partnerId, db)
    }

    static func removePartnerContact(_ envelope: Envelope<RemovePartnerContact>, _ db: isolated PostgresConnection) throws -> [String] {
        try partnerCompany(envelope.data.partnerId, db)
    }

    /// One partner's company, or every active partner's for a full rebuild.
    static func recalculate(_ envelope: Envelope<RecalculatePartnerAnalytics>, _ db: isolated PostgresConnection) throws -> [String] {
        if let partnerId = envelope.data.partnerId { return try partnerCompany(partnerId, db) }
        return try PartnerStore.activePartnerCompanies(db).map(company)
    }
}

extension PartnerLocks {
    static func suggestTopic(_ envelope: Envelope<SuggestTopic>, _ db: isolated PostgresConnection) throws -> [String] {
        let title = TopicTitle.normalized(envelope.data.title ?? "")
        return try partnerCompany(envelope.data.partnerId, db) + (title.isEmpty ? [] : [topicTitle(title)])
    }

    /// The voter's company, and the target: a topic's id, a suggestion's title.
    static func voteTopic(_ envelope: Envelope<VoteTopic>, _ db: isolated PostgresConnection) throws -> [String] {
        let suggestion = try envelope.data.suggestionId.flatMap { try PartnerStore.suggestion($0, db) }
        return try partnerCompany(envelope.data.partnerId, db)
            + [envelope.data.topicId.map(topic), suggestion.map { topicTitle($0.normalizedTitle) }]
            .compactMap { $0 }
    }

    /// The title, and the companies of every partner an adoption would recalculate.
    static func eventTopicDefined(_ envelope: Envelope<EventTopicDefinedNotice>, _ db: isolated PostgresConnection) throws -> [String] {
        let title = TopicTitle.normalized(envelope.data.title)
        return [topicTitle(title)] + (try PartnerStore.companiesBacking(normalizedTitle: title, db).map(company))
    }

    static func exportPartnerReport(_ envelope: Envelope<ExportPartnerReport>, _ db: isolated PostgresConnection) throws -> [String] {
        try partnerCompany(envelope.data.partnerId, db)
    }
}
