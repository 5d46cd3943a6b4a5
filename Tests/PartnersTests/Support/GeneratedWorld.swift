import Foundation
import Identifiers
import Partners

/// A generated BATbern: companies (some partners, with a contact, fees,
/// topic suggestions and votes), attendees (most employed), events and their
/// topics, and the facts about them, plus the messages that report them,
/// with duplicates, ready to be shuffled. Knows the truth, so it can say what
/// every partner's analytics must be, independently of the worker's logic.
///
/// The messages come in two phases, each shuffled on its own: whether a
/// topic adopts a suggestion, which vote stands and which fee counts depend
/// on their order, so the topics that adopt suggestions, changed votes and
/// level changes come after every suggestion and first vote.
struct GeneratedWorld {
    struct Company {
        let id: Identifier
        let employeesAtFirst: Int
        /// A later CompanyUpdated changes the count to this.
        let employeesLater: Int?
        let tier: PartnershipTier?
        /// A partner's id (StartPartnership's newId), its contact, the fee it
        /// starts with (nil: the tier's default) and a later level change.
        let partnerId: Identifier
        let contactId: Identifier
        let fee: Int?
        var later: ChangePartnershipLevel?

        /// The fee that counts once every message is in.
        var finalFee: Int? {
            guard let tier else { return nil }
            if let later { return later.partnershipFee ?? PartnershipTier(rawValue: later.partnershipLevel ?? "")?.defaultFee }
            return fee ?? tier.defaultFee
        }
    }

    struct Suggestion {
        let id: Identifier
        let partnerId: Identifier
        let adopted: Bool
    }

    struct Attendance {
        let registrationId: Identifier
        let eventId: Identifier
        let attendeeId: Identifier
    }

    struct Engagement {
        let engagementId: Identifier
        let attendeeId: Identifier
        let type: String
    }

    var companies: [Company] = []
    /// attendee id → company id (nil: works for nobody BATbern knows).
    var employer: [Identifier: Identifier?] = [:]
    var attendance: [Attendance] = []
    var engagements: [Engagement] = []
    var suggestions: [Suggestion] = []
    /// The votes that stand at the end: [partner id, suggestion id] → choice.
    var suggestionVotes: [[Identifier]: TopicVote.Choice] = [:]
    /// Messages in a canonical order, duplicates included.
    var messages: [FactLedger.Message] = []
    /// Messages delivered after every one of `messages`.
    var laterMessages: [FactLedger.Message] = []

    init(
        seed: UInt64, companyCount: Int = 10, partnerCount: Int = 4, attendeeCount: Int = 400, eventCount: Int = 25,
        attendanceCount: Int = 2500, engagementCount: Int = 1500
    ) {
        var random = SeededGenerator(seed: seed)
        let t0 = Date(timeIntervalSince1970: 1_750_000_000)
        let tiers = PartnershipTier.allCases
        for index in 0..<companyCount {
            companies.append(
                Company(
                    id: random.uuid(), employeesAtFirst: Int.random(in: 5...200, using: &random),
                    employeesLater: index % 3 == 0 ? Int.random(in: 5...200, using: &random) : nil,
                    tier: index < partnerCount ? tiers[index % tiers.count] : nil, partnerId: random.uuid(), contactId: random.uuid(),
                    fee: index % 2 == 0 ? Int.random(in: 1_000...50_000, using: &random) : nil,
                    later: nil
                ))
        }
        let attendees = (0..<attendeeCount).map { _ in random.uuid() }
        for attendee in attendees {
            employer[attendee] =
                Int.random(in: 0..<100, using: &random) < 85
                ? companies[Int.random(in: 0..<companyCount, using: &random)].id : nil
        }
        let events = (0..<eventCount).map { _ in random.uuid() }
        var pairs = Set<[Identifier]>()
        while attendance.count < attendanceCount {
            let attendee = attendees[Int.random(in: 0..<attendeeCount, using: &random)]
            let event = events[Int.random(in: 0..<eventCount, using: &random)]
            guard pairs.insert([attendee, event]).inserted else { continue }
            attendance.append(Attendance(registrationId: random.uuid(), eventId: event, attendeeId: attendee))
        }
        let types = ["view", "view", "download", "rating"]
        for _ in 0..<engagementCount {
            engagements.append(
                Engagement(
                    engagementId: random.uuid(), attendeeId: attendees[Int.random(in: 0..<attendeeCount, using: &random)],
                    type: types[Int.random(in: 0..<types.count, using: &random)]
                ))
        }

        // The messages: every fact once, a share of them twice.
        func twice(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        strategicInput(events: events, random: &random)
        for company in companies {
            let created = FactLedger.Message.companyCreated(
                CompanyCreatedNotice(companyId: company.id, name: "Company \(company.id)", employeeCount: company.employeesAtFirst),
                at: t0
            )
            messages += twice(20) ? [created, created] : [created]
            if let later = company.employeesLater {
                messages.append(.companyUpdated(CompanyUpdatedNotice(companyId: company.id, employeeCount: .set(later)), at: t0 + 60))
            }
            if let tier = company.tier {
                messages.append(
                    .startPartnership(
                        StartPartnership(
                            companyId: company.id, partnershipLevel: tier.rawValue, partnershipStartDate: "2025-01-01", partnershipFee: company.fee),
                        newId: company.partnerId
                    ))
            }
        }
        for attendee in attendees {
            let registered = FactLedger.Message.attendeeRegistered(AttendeeRegistered(attendeeId: attendee, companyId: employer[attendee] ?? nil))
            messages += twice(10) ? [registered, registered] : [registered]
        }
        for (index, fact) in attendance.enumerated() {
            // Half name the company (as attendees does), half leave it to the link.
            let company = index % 2 == 0 ? employer[fact.attendeeId] ?? nil : nil
            let recorded = FactLedger.Message.attendanceRecorded(
                AttendanceRecorded(registrationId: fact.registrationId, eventId: fact.eventId, attendeeId: fact.attendeeId, companyId: company),
                at: t0 + Double(index)
            )
            messages += twice(15) ? [recorded, recorded] : [recorded]
        }
        for (index, fact) in engagements.enumerated() {
            // Like attendance: half name the company, half leave it to the link.
            let engaged = ContentEngaged(
                engagementId: fact.engagementId, attendeeId: fact.attendeeId,
                companyId: index % 2 == 1 ? employer[fact.attendeeId] ?? nil : nil, contentType: "session",
                contentId: random.uuid(), engagementType: fact.type,
                engagementValue: fact.type == "rating" ? Double(Int.random(in: 1...5, using: &random)) : nil
            )
            let messageId = random.uuid()
            messages.append(.contentEngaged(engaged, messageId: messageId))
            // Reported again: a redelivery (same message) or a new message about the same engagement.
            if twice(15) {
                messages.append(.contentEngaged(engaged, messageId: index % 3 == 0 ? random.uuid() : messageId))
            }
        }
    }

    /// Partners' contacts, suggestions and votes; topics, a few adopting
    /// suggestions (titles written differently: `TopicTitle` matches them);
    /// level changes with and without a fee.
    private mutating func strategicInput(events: [Identifier], random: inout SeededGenerator) {
        let partnerIndices = companies.indices.filter { companies[$0].tier != nil }
        for index in partnerIndices {
            let company = companies[index]
            messages.append(
                .addPartnerContact(
                    AddPartnerContact(partnerId: company.partnerId, contactId: company.contactId, name: "Contact", email: "c\(index)@example.ch")))
            if index % 2 == 1, let tier = company.tier {
                companies[index].later = ChangePartnershipLevel(
                    partnerId: company.partnerId, partnershipLevel: (tier == .strategic ? PartnershipTier.silver : .strategic).rawValue,
                    partnershipFee: index % 4 == 1 ? 12_345 : nil)
            }
            if let later = companies[index].later { laterMessages.append(.changeLevel(later)) }
            // Three suggestions each, of the pool "Cloud Native 0" … "Cloud Native 7"; 0–3 become topics.
            for k in (0..<8).shuffled(using: &random).prefix(3) {
                let suggestion = Suggestion(id: random.uuid(), partnerId: company.partnerId, adopted: k < 4)
                suggestions.append(suggestion)
                messages.append(
                    .suggestTopic(
                        SuggestTopic(partnerId: company.partnerId, contactId: company.contactId, title: "Cloud Native \(k)"), newId: suggestion.id))
            }
        }
        // Votes on others' suggestions; some changed later (only on those no topic adopts).
        for index in partnerIndices {
            let company = companies[index]
            for suggestion in suggestions where suggestion.partnerId != company.partnerId && Int.random(in: 0..<100, using: &random) < 50 {
                let first: TopicVote.Choice = Bool.random(using: &random) ? .for : .against
                let vote = FactLedger.Message.voteTopic(
                    VoteTopic(partnerId: company.partnerId, contactId: company.contactId, suggestionId: suggestion.id, vote: first.rawValue))
                messages += Int.random(in: 0..<100, using: &random) < 10 ? [vote, vote] : [vote]
                suggestionVotes[[company.partnerId, suggestion.id]] = first
                if !suggestion.adopted, Int.random(in: 0..<100, using: &random) < 30 {
                    let changed: TopicVote.Choice = first == .for ? .against : .for
                    laterMessages.append(
                        .voteTopic(
                            VoteTopic(partnerId: company.partnerId, contactId: company.contactId, suggestionId: suggestion.id, vote: changed.rawValue)
                        ))
                    suggestionVotes[[company.partnerId, suggestion.id]] = changed
                }
            }
        }
        // Topics: those adopting suggestions later; unrelated ones any time, voted on later.
        for k in 0..<4 {
            let topic = EventTopicDefinedNotice(eventId: events[k % events.count], topicId: random.uuid(), title: "CLOUD-NATIVE \(k)!")
            laterMessages.append(.eventTopicDefined(topic))
        }
        for j in 0..<3 {
            let topic = EventTopicDefinedNotice(eventId: events[j % events.count], topicId: random.uuid(), title: "Unrelated \(j)")
            messages.append(.eventTopicDefined(topic))
            for index in partnerIndices where Bool.random(using: &random) {
                let company = companies[index]
                laterMessages.append(
                    .voteTopic(VoteTopic(partnerId: company.partnerId, contactId: company.contactId, topicId: topic.topicId, vote: "for")))
            }
        }
    }

    /// Both phases, each shuffled with `seed` (nil: in canonical order).
    func phases(shuffledWith seed: UInt64? = nil) -> [[FactLedger.Message]] {
        guard let seed else { return [messages, laterMessages] }
        return [messages.shuffled(seed: seed), laterMessages.shuffled(seed: seed &+ 1_000)]
    }

    var partnerCompanies: Set<Identifier> { Set(companies.filter { $0.tier != nil }.map(\.id)) }

    /// What a partner's rows must be, from the truth alone.
    func expectedInputs(for company: Company) -> AnalyticsInputs? {
        guard let tier = company.tier else { return nil }
        var byEvent: [Identifier: Int] = [:]
        for fact in attendance where employer[fact.attendeeId] == company.id {
            byEvent[fact.eventId, default: 0] += 1
        }
        let mine = engagements.filter { employer[$0.attendeeId] == company.id }
        let backed = suggestions.filter { $0.partnerId == company.partnerId || suggestionVotes[[company.partnerId, $0.id]] == .for }
        return AnalyticsInputs(
            fee: company.finalFee ?? tier.defaultFee, employeeCount: company.employeesLater ?? company.employeesAtFirst,
            attendanceByEvent: byEvent, engagements: mine.count, backedSuggestions: backed.count,
            adoptedSuggestions: backed.filter(\.adopted).count
        )
    }

    /// Whether a message is about an attendee who works for no partner.
    func concernsNonPartnerEmployee(_ message: FactLedger.Message) -> Bool {
        let attendee: Identifier? =
            switch message {
            case .attendeeRegistered(let event): event.attendeeId
            case .attendanceRecorded(let event, _): event.attendeeId
            case .contentEngaged(let event, _): event.attendeeId
            default: nil
            }
        guard let attendee else { return false }
        guard let company = employer[attendee] ?? nil else { return true }
        return !partnerCompanies.contains(company)
    }
}

extension Array {
    func shuffled(seed: UInt64) -> [Element] {
        var random = SeededGenerator(seed: seed)
        return shuffled(using: &random)
    }
}

extension ArraySlice {
    /// Puts a message back a little later, as a sender retrying after a
    /// rejection would: not at the very end, so facts keep arriving after it.
    mutating func retryLater(_ element: Element, after: Int = 40) {
        insert(element, at: index(startIndex, offsetBy: Swift.min(after, count)))
    }
}

extension FactLedger {
    /// What a sender retries: something the command names is not known yet.
    static let retriedReasons: Set<String> = ["unknown_company", "unknown_partner", "unknown_contact", "unknown_suggestion", "unknown_topic"]

    /// Delivers each phase in order, all of one before the next; a command
    /// rejected because something it names is not known yet is sent again a
    /// little later, within its phase.
    mutating func deliverAll(_ phases: [[Message]]) {
        for phase in phases {
            var queue = phase[...]
            var retries = 0
            while let message = queue.popFirst() {
                if let rejection = deliver(message) {
                    precondition(Self.retriedReasons.contains(rejection.reason) && retries < 100_000, "unexpected \(rejection)")
                    retries += 1
                    queue.retryLater(message)
                }
            }
        }
    }
}
