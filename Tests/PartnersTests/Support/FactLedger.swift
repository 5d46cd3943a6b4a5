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
        case recalculateAll
    }

    var companies: [Identifier: CompanyCopy] = [:]
    /// By company id.
    var partners: [Identifier: Partner] = [:]
    var links: [Identifier: AttendeeLink] = [:]
    var attendance: [Identifier: AttendanceFact] = [:]
    var engagements: [Identifier: EngagementFact] = [:]
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
        case .recalculateAll:
            for partner in partners.values where partner.isActive { recalculate(partner) }
        }
        return nil
    }

    /// The store's aggregation: a fact belongs to the company it names or,
    /// naming none, to its attendee's.
    func inputs(for partner: Partner) -> AnalyticsInputs {
        func belongs(_ companyId: Identifier?, _ attendeeId: Identifier?) -> Bool {
            (companyId ?? attendeeId.flatMap { links[$0]?.companyId }) == partner.companyId
        }
        var byEvent: [Identifier: Int] = [:]
        for fact in attendance.values where belongs(fact.companyId, fact.attendeeId) {
            byEvent[fact.eventId, default: 0] += 1
        }
        let mine = engagements.values.filter { belongs($0.companyId, $0.attendeeId) }
        return AnalyticsInputs(
            tier: partner.level, employeeCount: companies[partner.companyId]?.employeeCount, attendanceByEvent: byEvent,
            engagements: mine.count, ratings: mine.filter(\.isRating).count
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
