import Foundation
import Identifiers
import Messaging
import Partners

/// The partners worker in memory: the handlers' steps with the same pure
/// decisions (FactIngestion, PartnershipDecisions, AnalyticsFormulas), with
/// dictionaries for tables and a plain Swift aggregation where the store
/// runs SQL. The property test drives it with thousands of messages; the
/// handler tests check the database against it.
struct FactLedger {
    enum Message: Hashable, Sendable {
        case companyCreated(CompanyCreatedNotice, at: Date)
        case companyUpdated(CompanyUpdatedNotice, at: Date)
        case attendeeRegistered(AttendeeRegistered)
        case attendanceRecorded(AttendanceRecorded, at: Date)
        case contentEngaged(ContentEngaged, messageId: Identifier)
        case attendeeErased(AttendeeErased)
        case startPartnership(StartPartnership, newId: Identifier)
        case changeLevel(ChangePartnershipLevel)
        case addPartnerContact(AddPartnerContact)
        case suggestTopic(SuggestTopic, newId: Identifier)
        case voteTopic(VoteTopic)
        case eventTopicDefined(EventTopicDefinedNotice)
        case recalculateAll
    }

    var companies: [Identifier: CompanyCopy] = [:]
    /// By company id.
    var partners: [Identifier: Partner] = [:]
    var links: [Identifier: AttendeeLink] = [:]
    var attendance: [Identifier: AttendanceFact] = [:]
    var engagements: [Identifier: EngagementFact] = [:]
    /// By partner id.
    var contacts: [Identifier: [PartnerContact]] = [:]
    var topics: [Identifier: EventTopic] = [:]
    var suggestions: [Identifier: TopicSuggestion] = [:]
    /// By [partner id, target id].
    var votes: [[Identifier]: TopicVote] = [:]
    /// partner_analytics, by partner id and event id.
    var stored: [Identifier: [Identifier?: AnalyticsFigures]] = [:]
    /// Every PartnerAnalyticsRecalculated, in publishing order.
    var published: [AnalyticsRow] = []

    /// Handles one message; returns the rejection of a rejected command.
    @discardableResult
    mutating func deliver(_ message: Message) -> CommandRejection? {
        switch message {
        case .companyCreated(let event, let at):
            let (copy, changed) = FactIngestion.companyCreated(event, at: at, copy: companies[event.companyId])
            companies[event.companyId] = copy
            if changed { recalculate(company: event.companyId) }
        case .companyUpdated(let event, let at):
            let (copy, changed) = FactIngestion.companyUpdated(event, at: at, copy: companies[event.companyId])
            companies[event.companyId] = copy
            if changed { recalculate(company: event.companyId) }
        case .attendeeRegistered(let event):
            let (link, recalculate) = FactIngestion.attendeeRegistered(event, link: links[event.attendeeId])
            if let link { links[event.attendeeId] = link }
            recalculate.forEach { self.recalculate(company: $0) }
        case .attendanceRecorded(let event, _):
            let (link, fact, recalculate) = FactIngestion.attendanceRecorded(
                event, link: links[event.attendeeId], existing: attendance[event.registrationId]
            )
            if let link { links[event.attendeeId] = link }
            if let fact { attendance[fact.registrationId] = fact }
            recalculate.forEach { self.recalculate(company: $0) }
        case .contentEngaged(let event, let messageId):
            let (link, fact, recalculate) = FactIngestion.contentEngaged(
                event, messageId: messageId, link: links[event.attendeeId], existing: engagements[event.engagementId ?? messageId]
            )
            if let link { links[event.attendeeId] = link }
            if let fact { engagements[fact.engagementId] = fact }
            recalculate.forEach { self.recalculate(company: $0) }
        case .attendeeErased(let event):
            let (link, freeze) = FactIngestion.attendeeErased(link: links[event.attendeeId])
            for (id, var fact) in attendance where fact.attendeeId == event.attendeeId {
                fact.companyId = fact.companyId ?? freeze
                fact.attendeeId = nil
                attendance[id] = fact
            }
            for (id, var fact) in engagements where fact.attendeeId == event.attendeeId {
                fact.companyId = fact.companyId ?? freeze
                fact.attendeeId = nil
                engagements[id] = fact
            }
            links[event.attendeeId] = link
        case .startPartnership(let command, let newId):
            let companyId = command.companyId ?? Identifier()
            do {
                let (partner, _) = try PartnershipDecisions.start(
                    command, companyKnown: companies[companyId] != nil, existing: partners[companyId], newId: newId
                )
                partners[companyId] = partner
                recalculate(partner)
            } catch {
                return error
            }
        case .changeLevel(let command):
            do {
                let (partner, _) = try PartnershipDecisions.changeLevel(command, existing: partner(command.partnerId))
                partners[partner.companyId] = partner
                recalculate(partner)
            } catch {
                return error
            }
        case .addPartnerContact(let command):
            do {
                let partner = partner(command.partnerId)
                let mine = partner.map { contacts[$0.id] ?? [] } ?? []
                let outcome = try ContactDecisions.add(
                    command, partner: partner, contacts: mine, idTaken: command.contactId.map(contactExists) ?? false, newId: Identifier())
                for contact in outcome.saved { contacts[contact.partnerId, default: []].removeAll { $0.id == contact.id } }
                for contact in outcome.saved { contacts[contact.partnerId, default: []].append(contact) }
            } catch {
                return error
            }
        case .suggestTopic(let command, let newId):
            do {
                let partner = partner(command.partnerId)
                let title = TopicTitle.normalized(command.title ?? "")
                let suggestion = try StrategicInputDecisions.suggest(
                    command, partner: partner, contacts: partner.map { contacts[$0.id] ?? [] } ?? [],
                    definedTopic: topics.values.first { $0.normalizedTitle == title },
                    openSuggestion: suggestions.values.contains {
                        $0.partnerId == partner?.id && $0.normalizedTitle == title && $0.adoptedTopicId == nil
                    },
                    newId: newId, now: Date(timeIntervalSince1970: 0)
                )
                suggestions[suggestion.id] = suggestion
                partner.map { recalculate($0) }
            } catch {
                return error
            }
        case .voteTopic(let command):
            do {
                let partner = partner(command.partnerId)
                let targetId = command.topicId ?? command.suggestionId
                let (vote, _) = try StrategicInputDecisions.vote(
                    command, partner: partner, contacts: partner.map { contacts[$0.id] ?? [] } ?? [],
                    topic: command.topicId.flatMap { topics[$0] }, suggestion: command.suggestionId.flatMap { suggestions[$0] },
                    previous: partner.flatMap { partner in targetId.flatMap { votes[[partner.id, $0]] } },
                    othersTally: votes.values.filter { $0.target.id == targetId && $0.partnerId != partner?.id }.map(\.signedWeight)
                        .reduce(0, +),
                    now: Date(timeIntervalSince1970: 0)
                )
                votes[[vote.partnerId, vote.target.id]] = vote
                partner.map { recalculate($0) }
            } catch {
                return error
            }
        case .eventTopicDefined(let event):
            let topic = EventTopic(topicId: event.topicId, eventId: event.eventId, title: event.title)
            guard topics[topic.topicId] == nil else { break }
            topics[topic.topicId] = topic
            let open = suggestions.values.filter { $0.normalizedTitle == topic.normalizedTitle && $0.adoptedTopicId == nil }
            let adopted = StrategicInputDecisions.adopt(topic, openSuggestions: open)
            let backers = Set(
                adopted.map(\.partnerId) + votes.values.filter { vote in adopted.contains { $0.id == vote.target.id } }.map(\.partnerId))
            for suggestion in adopted { suggestions[suggestion.id] = suggestion }
            // In company id order, as the handler recalculates them.
            for partner in partners.values.sorted(by: { $0.companyId < $1.companyId }) where backers.contains(partner.id) && partner.isActive {
                recalculate(partner)
            }
        case .recalculateAll:
            for partner in partners.values where partner.isActive { recalculate(partner) }
        }
        return nil
    }

    func partner(_ id: Identifier?) -> Partner? { partners.values.first { $0.id == id } }

    func contactExists(_ id: Identifier) -> Bool { contacts.values.contains { $0.contains { $0.id == id } } }

    /// The store's aggregation: a fact belongs to the company it names or,
    /// naming none, to its attendee's; a suggestion counts as backed when the
    /// partner made it or votes for it.
    func inputs(for partner: Partner) -> AnalyticsInputs {
        func belongs(_ companyId: Identifier?, _ attendeeId: Identifier?) -> Bool {
            (companyId ?? attendeeId.flatMap { links[$0]?.companyId }) == partner.companyId
        }
        var byEvent: [Identifier: Int] = [:]
        for fact in attendance.values where belongs(fact.companyId, fact.attendeeId) {
            byEvent[fact.eventId, default: 0] += 1
        }
        let mine = engagements.values.filter { belongs($0.companyId, $0.attendeeId) }
        let backed = suggestions.values.filter { $0.partnerId == partner.id || votes[[partner.id, $0.id]]?.choice == .for }
        return AnalyticsInputs(
            fee: partner.fee, employeeCount: companies[partner.companyId]?.employeeCount, attendanceByEvent: byEvent,
            engagements: mine.count, backedSuggestions: backed.count, adoptedSuggestions: backed.filter { $0.adoptedTopicId != nil }.count
        )
    }

    /// Active partners whose stored rows differ from what their facts say
    /// now: after any message there must be none, or some message forgot to
    /// trigger a recalculation.
    func staleRows() -> [Identifier: [AnalyticsRow]] {
        var stale: [Identifier: [AnalyticsRow]] = [:]
        for partner in partners.values where partner.isActive {
            let fresh = AnalyticsFormulas.rows(partnerId: partner.id, inputs(for: partner))
            let differing = AnalyticsFormulas.changed(computed: fresh, stored: stored[partner.id] ?? [:])
            if !differing.isEmpty { stale[partner.id] = differing }
        }
        return stale
    }

    private mutating func recalculate(company: Identifier) {
        guard let partner = partners[company], partner.isActive else { return }
        recalculate(partner)
    }

    private mutating func recalculate(_ partner: Partner) {
        let computed = AnalyticsFormulas.rows(partnerId: partner.id, inputs(for: partner))
        let changed = AnalyticsFormulas.changed(computed: computed, stored: stored[partner.id] ?? [:])
        for row in changed {
            stored[partner.id, default: [:]][row.eventId] = row.figures
            published.append(row)
        }
    }
}

/// SplitMix64: a tiny seeded generator, so a failing run can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An identifier from the generator (version bits do not matter here).
    mutating func uuid() -> Identifier {
        let hex = Array(String(format: "%016llx%016llx", next(), next()))
        let text = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
        guard let id = Identifier(text) else { preconditionFailure("32 hex digits make an identifier") }
        return id
    }
}
