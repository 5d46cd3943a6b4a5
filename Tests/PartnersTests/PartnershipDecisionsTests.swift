import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import Testing

/// The reason code the body is rejected with, nil if it is not.
func rejection(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let rejection as CommandRejection {
        return rejection.reason
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("Partnership decisions")
struct PartnershipDecisionsTests {
    let companyId = Identifier()

    func start(level: String? = "gold", from: String? = "2025-01-01", to: String? = nil) -> StartPartnership {
        StartPartnership(companyId: companyId, partnershipLevel: level, partnershipStartDate: from, partnershipEndDate: to)
    }

    func partner(active: Bool = true, level: PartnershipTier = .gold) -> Partner {
        Partner(
            id: Identifier(), companyId: companyId, level: level, startDate: PostgresDate(year: 2025, month: 1, day: 1),
            endDate: nil, isActive: active, fee: level.defaultFee
        )
    }

    @Test func startsAPartnershipOfAKnownCompany() throws {
        let id = Identifier()
        let (partner, event) = try PartnershipDecisions.start(start(to: "2026-12-31"), companyKnown: true, existing: nil, newId: id)
        #expect(
            partner
                == Partner(
                    id: id, companyId: companyId, level: .gold, startDate: PostgresDate(year: 2025, month: 1, day: 1),
                    endDate: PostgresDate(year: 2026, month: 12, day: 31), isActive: true, fee: 10_000
                ))
        #expect(
            event
                == PartnershipStarted(
                    partnerId: id, companyId: companyId, partnershipLevel: "gold", partnershipStartDate: "2025-01-01",
                    partnershipEndDate: "2026-12-31", partnershipFee: 10_000, benefits: PartnershipTier.gold.benefits
                ))
    }

    /// The fee is the command's, else the tier's default; it must be whole francs above 0.
    @Test func theFeeIsGivenOrTheTiersDefault() throws {
        var command = start(level: "silver")
        #expect(try PartnershipDecisions.start(command, companyKnown: true, existing: nil, newId: Identifier()).0.fee == 5_000)
        command.partnershipFee = 7_500
        let (partner, event) = try PartnershipDecisions.start(command, companyKnown: true, existing: nil, newId: Identifier())
        #expect(partner.fee == 7_500)
        #expect(event.partnershipFee == 7_500)
        for bad in [0, -1, 100_000_001] {
            command.partnershipFee = bad
            #expect(
                rejection { _ = try PartnershipDecisions.start(command, companyKnown: true, existing: nil, newId: Identifier()) } == "invalid_fee")
        }
        let existing = partner
        let (changed, changedEvent) = try PartnershipDecisions.changeLevel(
            ChangePartnershipLevel(partnerId: existing.id, partnershipLevel: "platinum"), existing: existing)
        #expect(changed.fee == 20_000)
        #expect(changedEvent.partnershipFee == 20_000)
        let (custom, _) = try PartnershipDecisions.changeLevel(
            ChangePartnershipLevel(partnerId: existing.id, partnershipLevel: "bronze", partnershipFee: 1_200), existing: existing)
        #expect(custom.fee == 1_200)
        #expect(
            rejection {
                _ = try PartnershipDecisions.changeLevel(
                    ChangePartnershipLevel(partnerId: existing.id, partnershipLevel: "bronze", partnershipFee: 0), existing: existing)
            } == "invalid_fee")
    }

    /// The README's benefits table, and a higher tier never gives less.
    @Test func benefitsGrowWithTheTier() {
        #expect(
            PartnershipTier.gold.benefits
                == PartnershipBenefits(
                    logoPlacement: [.website, .programme, .venue], freeTicketsPerEvent: 6, speakingSlotsPerYear: 1, newsletterMentionsPerYear: 2))
        for (lower, higher) in zip(PartnershipTier.allCases, PartnershipTier.allCases.dropFirst()) {
            let (a, b) = (lower.benefits, higher.benefits)
            #expect(Set(a.logoPlacement).isSubset(of: Set(b.logoPlacement)))
            #expect(a.freeTicketsPerEvent < b.freeTicketsPerEvent)
            #expect(a.speakingSlotsPerYear <= b.speakingSlotsPerYear)
            #expect(a.newsletterMentionsPerYear <= b.newsletterMentionsPerYear)
            #expect(lower.defaultFee < higher.defaultFee)
            #expect(lower.voteWeight < higher.voteWeight)
        }
    }

    @Test func anEndedPartnershipStartsAgainUnderTheSamePartnerId() throws {
        let ended = partner(active: false)
        let (again, event) = try PartnershipDecisions.start(
            start(level: "silver", from: "2026-03-01"), companyKnown: true, existing: ended, newId: Identifier())
        #expect(again.id == ended.id)
        #expect(again.isActive)
        #expect(again.level == .silver)
        #expect(event.partnerId == ended.id)
    }

    @Test func startRejections() {
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(), companyKnown: false, existing: nil, newId: Identifier()) } == "unknown_company")
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(), companyKnown: true, existing: partner(), newId: Identifier()) }
                == "duplicate_partnership")
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(level: "diamond"), companyKnown: true, existing: nil, newId: Identifier()) }
                == "invalid_tier")
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(level: "Gold"), companyKnown: true, existing: nil, newId: Identifier()) }
                == "invalid_tier")
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(level: nil), companyKnown: true, existing: nil, newId: Identifier()) }
                == "missing_field")
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(from: nil), companyKnown: true, existing: nil, newId: Identifier()) }
                == "missing_field")
        for bad in ["2025-02-30", "2025-1-01", "01.01.2025", "2025-01-01T00:00:00Z"] {
            #expect(
                rejection { _ = try PartnershipDecisions.start(start(from: bad), companyKnown: true, existing: nil, newId: Identifier()) }
                    == "invalid_date", "\(bad)")
        }
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(to: "2024-12-31"), companyKnown: true, existing: nil, newId: Identifier()) }
                == "end_before_start")
        #expect(
            rejection { _ = try PartnershipDecisions.start(start(to: "2025-01-01"), companyKnown: true, existing: nil, newId: Identifier()) } == nil)
        let noCompany = StartPartnership(companyId: nil, partnershipLevel: "gold", partnershipStartDate: "2025-01-01")
        #expect(
            rejection { _ = try PartnershipDecisions.start(noCompany, companyKnown: false, existing: nil, newId: Identifier()) } == "missing_field")
    }

    @Test func changesTheLevelOfAnActivePartnership() throws {
        let existing = partner()
        let (changed, event) = try PartnershipDecisions.changeLevel(
            ChangePartnershipLevel(partnerId: existing.id, partnershipLevel: "platinum"), existing: existing)
        #expect(changed.level == .platinum)
        #expect(
            event
                == PartnershipLevelChanged(
                    partnerId: existing.id, companyId: companyId, partnershipLevel: "platinum", previousLevel: "gold", partnershipFee: 20_000,
                    benefits: PartnershipTier.platinum.benefits))
    }

    @Test func changeLevelRejections() {
        let existing = partner()
        #expect(
            rejection {
                _ = try PartnershipDecisions.changeLevel(ChangePartnershipLevel(partnerId: existing.id, partnershipLevel: "gold"), existing: existing)
            } == "level_unchanged")
        #expect(
            rejection {
                _ = try PartnershipDecisions.changeLevel(ChangePartnershipLevel(partnerId: existing.id, partnershipLevel: "tin"), existing: existing)
            } == "invalid_tier")
        #expect(
            rejection {
                _ = try PartnershipDecisions.changeLevel(ChangePartnershipLevel(partnerId: Identifier(), partnershipLevel: "silver"), existing: nil)
            } == "unknown_partner")
        let ended = partner(active: false)
        #expect(
            rejection {
                _ = try PartnershipDecisions.changeLevel(ChangePartnershipLevel(partnerId: ended.id, partnershipLevel: "silver"), existing: ended)
            } == "partnership_ended")
    }

    @Test func endsAnActivePartnershipNotBeforeItsStart() throws {
        let existing = partner()
        let (ended, event) = try PartnershipDecisions.end(
            EndPartnership(partnerId: existing.id, partnershipEndDate: "2025-01-01"), existing: existing)
        #expect(!ended.isActive)
        #expect(ended.endDate == PostgresDate(year: 2025, month: 1, day: 1))
        #expect(event == PartnershipEnded(partnerId: existing.id, companyId: companyId, partnershipEndDate: "2025-01-01"))

        #expect(
            rejection {
                _ = try PartnershipDecisions.end(EndPartnership(partnerId: existing.id, partnershipEndDate: "2024-12-31"), existing: existing)
            } == "end_before_start")
        #expect(
            rejection {
                _ = try PartnershipDecisions.end(EndPartnership(partnerId: existing.id, partnershipEndDate: "2025-13-01"), existing: existing)
            } == "invalid_date")
        #expect(
            rejection { _ = try PartnershipDecisions.end(EndPartnership(partnerId: ended.id, partnershipEndDate: "2025-06-01"), existing: ended) }
                == "partnership_ended")
        #expect(
            rejection { _ = try PartnershipDecisions.end(EndPartnership(partnerId: Identifier(), partnershipEndDate: "2025-06-01"), existing: nil) }
                == "unknown_partner")
    }

    @Test func recalculationNeedsAnActivePartner() {
        let existing = partner()
        #expect(rejection { _ = try PartnershipDecisions.recalculate(partnerId: existing.id, existing: existing) } == nil)
        #expect(rejection { _ = try PartnershipDecisions.recalculate(partnerId: Identifier(), existing: nil) } == "unknown_partner")
        #expect(
            rejection { _ = try PartnershipDecisions.recalculate(partnerId: existing.id, existing: partner(active: false)) } == "partnership_ended")
    }
}
