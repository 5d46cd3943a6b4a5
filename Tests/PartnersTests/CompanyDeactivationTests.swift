import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

/// partners follows companies' deactivation and cleared employee counts
/// (issue 12, item 6): pure rules first, then the handlers on a real database.
@Suite("Partners: deactivated companies")
struct CompanyDeactivationTests {
    static let t0 = PartnerHandlerTests.t0

    // MARK: pure

    @Test func aDeactivatedCompanyGetsNoNewPartnership() {
        let command = StartPartnership(companyId: Identifier(), partnershipLevel: "gold", partnershipStartDate: "2025-01-01")
        #expect(
            rejectionReason {
                _ = try PartnershipDecisions.start(command, companyKnown: true, companyDeactivated: true, existing: nil, newId: Identifier())
            } == "company_deactivated")
    }

    @Test func aPartnershipThatOvertookTheDeactivationEndsOnItsDay() throws {
        let partner = Partner(
            id: Identifier(), companyId: Identifier(), level: .gold, startDate: try #require(PostgresDate("2025-01-01")), endDate: nil,
            isActive: true, fee: 10_000
        )
        let day = try #require(PostgresDate("2025-06-30"))
        let (ended, event) = try #require(PartnershipDecisions.endForDeactivation(partner, on: day))
        #expect(!ended.isActive && ended.endDate == day)
        #expect(event == PartnershipEnded(partnerId: partner.id, companyId: partner.companyId, partnershipEndDate: "2025-06-30"))
        // Never before its start; nothing to end for an ended or missing partner.
        let early = try #require(PostgresDate("2024-12-01"))
        #expect(PartnershipDecisions.endForDeactivation(partner, on: early)?.1.partnershipEndDate == "2025-01-01")
        #expect(PartnershipDecisions.endForDeactivation(ended, on: day) == nil)
        #expect(PartnershipDecisions.endForDeactivation(nil, on: day) == nil)
    }

    @Test func aClearedEmployeeCountIsNoLongerKnownUnlessOlder() {
        let copy = CompanyCopy(name: "Acme", nameAsOf: Self.t0, employeeCount: 40, employeeCountAsOf: Self.t0)
        let cleared = FactIngestion.companyUpdated(CompanyUpdatedNotice(companyId: Identifier(), employeeCount: .clear), at: Self.t0 + 1, copy: copy)
        #expect(cleared.copy.employeeCount == nil && cleared.recalculate)
        let late = FactIngestion.companyUpdated(CompanyUpdatedNotice(companyId: Identifier(), employeeCount: .clear), at: Self.t0 - 1, copy: copy)
        #expect(late.copy.employeeCount == 40 && !late.recalculate)
        let absent = FactIngestion.companyUpdated(CompanyUpdatedNotice(companyId: Identifier(), name: "Acme AG"), at: Self.t0 + 1, copy: copy)
        #expect(absent.copy.employeeCount == 40)
    }

    @Test func theFirstDeactivationStays() {
        let first = FactIngestion.companyDeactivated(at: Self.t0, copy: nil)
        #expect(first.deactivatedAt == Self.t0)
        #expect(FactIngestion.companyDeactivated(at: Self.t0 + 9, copy: first).deactivatedAt == Self.t0)
    }

    // MARK: handlers

    func deactivated(_ h: HandlerHarness, _ companyId: Identifier, at: Date) async throws -> HarnessResult {
        try await h.send(.event("CompanyDeactivated", from: "companies"), data: CompanyDeactivatedNotice(companyId: companyId), now: at)
    }

    @Test func startPartnershipIsRefusedOnceTheDeactivationArrived() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let companyId = Identifier()
            try await PartnerHandlerTests.companyCreated(h, companyId)
            let heard = try await deactivated(h, companyId, at: Self.t0 + 60)
            #expect(heard.outcome == .handled && heard.published.isEmpty)
            let refused = try await PartnerHandlerTests.start(h, companyId)
            #expect(PartnerHandlerTests.reason(refused) == "company_deactivated")
            #expect(try await h.query("SELECT 1 FROM partners WHERE company_id = $1", [companyId]).isEmpty)
        }
    }

    @Test func aPartnershipThatOvertookTheDeactivationIsEnded() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let companyId = Identifier()
            try await PartnerHandlerTests.companyCreated(h, companyId)
            let partnerId = try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, companyId))
            // 2025-10-09 (UTC) is the deactivation's day.
            let heard = try await deactivated(h, companyId, at: Self.t0)
            let ended = try #require(try heard.messages("partners.PartnershipEnded").first?.decode(PartnershipEnded.self))
            #expect(ended == PartnershipEnded(partnerId: partnerId, companyId: companyId, partnershipEndDate: "2025-10-09"))
            let row = try #require(try await h.query("SELECT is_active FROM partners WHERE id = $1", [partnerId]).first)
            #expect(try row.decode(Bool.self, column: "is_active") == false)
            // The same news again (another message) ends nothing more.
            #expect(try await deactivated(h, companyId, at: Self.t0 + 5).published.isEmpty)
            let contract = try ContractValidator()
            #expect(heard.published.flatMap { contract.problems(body: Array($0.body.utf8), routingKey: $0.routingKey) } == [])
        }
    }

    @Test func aClearedEmployeeCountZeroesBrandExposure() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let companyId = Identifier()
            try await PartnerHandlerTests.companyCreated(h, companyId, employees: 10)
            _ = try await PartnerHandlerTests.start(h, companyId)
            try await PartnerHandlerTests.attended(h, Identifier(), event: Identifier(), company: companyId)
            let cleared = try await h.send(
                .event("CompanyUpdated", from: "companies"), data: CompanyUpdatedNotice(companyId: companyId, employeeCount: .clear),
                now: Self.t0 + 60
            )
            let rows = try PartnerHandlerTests.analytics(cleared)
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { $0.brandExposureScore == 0 })
            let copy = try #require(try await h.query("SELECT employee_count FROM companies WHERE company_id = $1", [companyId]).first)
            #expect(try copy.decode(Int?.self, column: "employee_count") == nil)
        }
    }
}
