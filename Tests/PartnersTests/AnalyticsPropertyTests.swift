import Foundation
import Identifiers
import Partners
import Testing

/// The analytics invariants over a few thousand generated facts, with
/// partners' fees, suggestions, votes and events' topics mixed in, delivered
/// in shuffled order with duplicates, through the same pure steps the
/// handlers take.
@Suite("Analytics invariants over generated facts")
struct AnalyticsPropertyTests {
    static let seeds: [UInt64] = [1, 42, 20_260_101]

    @Test(arguments: seeds)
    func shuffledDuplicatedFactsGiveTheTruth(seed: UInt64) {
        let world = GeneratedWorld(seed: seed)
        #expect(world.messages.count > 4000)
        var ledger = FactLedger()
        ledger.deliverAll(world.phases(shuffledWith: seed &+ 1))

        for company in world.companies {
            guard let expected = world.expectedInputs(for: company) else {
                // Employees of non-partners change no partner row.
                #expect(ledger.partners[company.id] == nil)
                continue
            }
            guard let partner = ledger.partners[company.id] else {
                Issue.record("partnership of \(company.id) missing")
                continue
            }
            // Same fact twice counts once; early facts are counted once the
            // company and partnership are known: the stored rows are exactly
            // the rows of the true facts.
            #expect(ledger.inputs(for: partner) == expected)
            let truth = AnalyticsFormulas.rows(partnerId: partner.id, expected)
            let stored = ledger.stored[partner.id] ?? [:]
            #expect(AnalyticsFormulas.changed(computed: truth, stored: stored).isEmpty)

            // Cross-event attendance equals the sum of the per-event rows.
            let perEvent = stored.filter { $0.key != nil }.values.map(\.totalEmployeeAttendance).reduce(0, +)
            #expect(stored[nil]?.totalEmployeeAttendance == perEvent)
            #expect(perEvent == expected.attendanceByEvent.values.reduce(0, +))
            #expect(perEvent > 0)
            // The influence score moved: every partner backed suggestions, some adopted.
            #expect(expected.backedSuggestions >= 3)
            #expect(stored[nil]?.topicInfluenceScore == AnalyticsFormulas.rows(partnerId: partner.id, expected)[0].figures.topicInfluenceScore)

            // Whoever follows the published events ends with the stored rows.
            var followed: [Identifier?: AnalyticsFigures] = [:]
            for row in ledger.published where row.partnerId == partner.id { followed[row.eventId] = row.figures }
            #expect(followed == stored)
        }
        #expect(Set(ledger.published.map(\.partnerId)) == Set(ledger.partners.values.map(\.id)))
    }

    /// Stronger than the end state: after every single message, every active
    /// partner's rows already reflect every fact known so far (a message that
    /// forgot to trigger a recalculation shows up here even when later facts
    /// would have repaired it).
    @Test(arguments: seeds)
    func rowsAreNeverStale(seed: UInt64) {
        let world = GeneratedWorld(seed: seed, attendeeCount: 120, eventCount: 8, attendanceCount: 500, engagementCount: 300)
        var ledger = FactLedger()
        var delivered = 0
        for phase in world.phases(shuffledWith: seed &+ 5) {
            var queue = phase[...]
            while let message = queue.popFirst() {
                if let rejection = ledger.deliver(message) {
                    guard FactLedger.retriedReasons.contains(rejection.reason) else {
                        Issue.record("message \(delivered) \(message) rejected: \(rejection)")
                        return
                    }
                    queue.retryLater(message)
                }
                delivered += 1
                let stale = ledger.staleRows()
                if !stale.isEmpty {
                    Issue.record("stale rows after message \(delivered) \(message): \(stale)")
                    return
                }
            }
        }
        #expect(!ledger.published.isEmpty)
        #expect(ledger.suggestions.values.contains { $0.adoptedTopicId != nil })
    }

    @Test(arguments: seeds)
    func deliveryOrderDoesNotMatter(seed: UInt64) {
        let world = GeneratedWorld(seed: seed)
        var first = FactLedger()
        first.deliverAll(world.phases(shuffledWith: seed &+ 1))
        var second = FactLedger()
        second.deliverAll(world.phases(shuffledWith: seed &+ 2))
        var inOrder = FactLedger()
        inOrder.deliverAll(world.phases())
        #expect(first.stored.count == world.partnerCompanies.count)
        for (companyId, partner) in first.partners {
            let figures = first.stored[partner.id]
            #expect(second.partners[companyId].flatMap { second.stored[$0.id] } == figures)
            #expect(inOrder.partners[companyId].flatMap { inOrder.stored[$0.id] } == figures)
        }
    }

    @Test(arguments: seeds)
    func employeesOfNonPartnersChangeNoPartnerRow(seed: UInt64) {
        let world = GeneratedWorld(seed: seed)
        // Companies first, so no StartPartnership is rejected and retried:
        // a retry lands at a position that depends on the other messages.
        let companies = world.messages.filter { if case .companyCreated = $0 { true } else { false } }
        let rest = world.messages.filter { if case .companyCreated = $0 { false } else { true } }
        let order = [companies, rest.shuffled(seed: seed &+ 3), world.laterMessages.shuffled(seed: seed &+ 4)]
        var all = FactLedger()
        all.deliverAll(order)
        var partnersOnly = FactLedger()
        partnersOnly.deliverAll(order.map { $0.filter { !world.concernsNonPartnerEmployee($0) } })
        // Not only the end state: not one published figure differs.
        // (Partner ids come with the StartPartnership messages, the same in both runs.)
        #expect(all.published == partnersOnly.published)
        #expect(all.published.count > 0)
    }

    @Test(arguments: seeds)
    func erasureKeepsTheCountsAndRebuildingChangesNothing(seed: UInt64) {
        let world = GeneratedWorld(seed: seed)
        var ledger = FactLedger()
        ledger.deliverAll(world.phases(shuffledWith: seed &+ 4))
        let before = ledger.stored
        let publishedBefore = ledger.published.count
        for attendee in world.employer.keys.sorted().prefix(150) {
            ledger.deliver(.attendeeErased(AttendeeErased(attendeeId: attendee)))
            ledger.deliver(.attendeeErased(AttendeeErased(attendeeId: attendee)))
        }
        ledger.deliver(.recalculateAll)
        #expect(ledger.stored == before)
        #expect(ledger.published.count == publishedBefore)
        #expect(ledger.attendance.values.allSatisfy { fact in fact.attendeeId.map { ledger.links[$0]?.erased != true } ?? true })
        let erased = ledger.links.filter { $0.value.erased }
        #expect(erased.count == 150)
        #expect(erased.values.allSatisfy { $0.companyId == nil })
    }
}
