import Foundation
import Identifiers
import Partners

/// A generated BATbern: companies (some partners), attendees (most employed),
/// events, and the facts about them, plus the messages that report them,
/// with duplicates, ready to be shuffled. Knows the truth, so it can say what
/// every partner's analytics must be, independently of the worker's logic.
struct GeneratedWorld {
    struct Company {
        let id: Identifier
        let employeesAtFirst: Int
        /// A later CompanyUpdated changes the count to this.
        let employeesLater: Int?
        let tier: PartnershipTier?
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
    /// Messages in a canonical order, duplicates included.
    var messages: [FactLedger.Message] = []

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
                    tier: index < partnerCount ? tiers[index % tiers.count] : nil
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
                        StartPartnership(companyId: company.id, partnershipLevel: tier.rawValue, partnershipStartDate: "2025-01-01"),
                        newId: random.uuid()
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

    var partnerCompanies: Set<Identifier> { Set(companies.filter { $0.tier != nil }.map(\.id)) }

    /// What a partner's rows must be, from the truth alone.
    func expectedInputs(for company: Company) -> AnalyticsInputs? {
        guard let tier = company.tier else { return nil }
        var byEvent: [Identifier: Int] = [:]
        for fact in attendance where employer[fact.attendeeId] == company.id {
            byEvent[fact.eventId, default: 0] += 1
        }
        let mine = engagements.filter { employer[$0.attendeeId] == company.id }
        return AnalyticsInputs(
            tier: tier, employeeCount: company.employeesLater ?? company.employeesAtFirst, attendanceByEvent: byEvent,
            engagements: mine.count, ratings: mine.filter { $0.type == "rating" }.count
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
    /// Delivers the messages in order; a StartPartnership rejected because
    /// its company is not known yet is sent again a little later.
    mutating func deliverAll(_ messages: [Message]) {
        var queue = messages[...]
        var retries = 0
        while let message = queue.popFirst() {
            if let rejection = deliver(message) {
                precondition(rejection.reason == "unknown_company" && retries < 1000, "unexpected \(rejection)")
                retries += 1
                queue.retryLater(message)
            }
        }
    }
}
