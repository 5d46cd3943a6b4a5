import Companies
import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

/// Issue 12, item 6 through the real companies, partners and speakers
/// workers: an address and links, a field cleared, deactivation refused
/// while partnered and accepted after the end, partners and speakers following.
@Suite struct CompanyLifecycleSagaTests {
    static let createCompany = MessageKey.command("CreateCompany", to: "companies")
    static let updateCompany = MessageKey.command("UpdateCompany", to: "companies")
    static let deactivateCompany = MessageKey.command("DeactivateCompany", to: "companies")
    static let startPartnership = MessageKey.command("StartPartnership", to: "partners")
    static let endPartnership = MessageKey.command("EndPartnership", to: "partners")

    func reason(_ answer: [PublishedEvent]) -> String? {
        answer.first { $0.routingKey.hasSuffix(".CommandRejected") }?.data["reason"]?.stringValue
    }

    @Test func addressClearingDeactivationAndWhatFollows() async throws {
        try await withSystem([.companies, .partners, .speakers], run)
    }

    func run(_ system: SystemFixture) async throws {
        let companyId = Identifier()
        let user = Identifier()
        let created = try await system.command(
            Self.createCompany,
            CreateCompany(
                companyId: companyId, name: "Bern Tools AG", displayName: "Bern Tools", industry: "Software", employeeCount: 30,
                headquarters: AddressInput(street: "Bundesplatz 3", postalCode: "3005", city: "Bern", country: "ch"),
                socialLinks: SocialLinksInput(linkedIn: "https://www.linkedin.com/company/bern-tools", x: "https://x.com/berntools"),
                createdBy: user
            ), aggregateId: companyId.description)
        #expect(created.map(\.routingKey) == ["companies.CompanyCreated"])
        #expect(created.first?.data["headquarters"]?["country"]?.stringValue == "CH")
        try await eventually("partners and speakers copied the company") {
            let partners = try await system.count(.partners, "SELECT count(*) FROM companies WHERE company_id = $1", [companyId])
            let speakers = try await system.count(.speakers, "SELECT count(*) FROM companies WHERE id = $1", [companyId])
            return partners == 1 && speakers == 1
        }

        // Null clears: the employee count (partners' copy forgets it) and the X link.
        let cleared = try await system.command(
            Self.updateCompany, UpdateCompany(companyId: companyId, employeeCount: .clear, socialLinks: .set(SocialLinksInput(x: .clear))))
        #expect(cleared.map(\.routingKey) == ["companies.CompanyUpdated"])
        #expect(cleared.first?.data["employeeCount"] == .null)
        #expect(cleared.first?.data["socialLinks"]?["x"] == nil)
        try await eventually("partners' copy has no employee count") {
            try await system.count(
                .partners, "SELECT count(*) FROM companies WHERE company_id = $1 AND employee_count IS NULL AND employee_count_as_of IS NOT NULL",
                [companyId]) == 1
        }

        // Partnered: deactivation refused until the partnership ends.
        let started = try await system.command(
            Self.startPartnership, StartPartnership(companyId: companyId, partnershipLevel: "silver", partnershipStartDate: "2025-01-01"))
        let partnerId = try #require(started.first?.uuid("partnerId"))
        try await system.wait(for: "companies.CompanyUpdated") { $0.data["isPartner"]?.boolValue == true && $0.uuid("companyId") == companyId }
        let refused = try await system.command(Self.deactivateCompany, DeactivateCompany(companyId: companyId, deactivatedBy: user))
        #expect(reason(refused) == "has_active_partnership")

        let ended = try await system.command(Self.endPartnership, EndPartnership(partnerId: partnerId, partnershipEndDate: "2025-12-31"))
        #expect(ended.map(\.routingKey) == ["partners.PartnershipEnded"])
        try await system.wait(for: "companies.CompanyUpdated") { $0.data["isPartner"]?.boolValue == false && $0.uuid("companyId") == companyId }
        let deactivated = try await system.command(Self.deactivateCompany, DeactivateCompany(companyId: companyId, deactivatedBy: user))
        #expect(deactivated.map(\.routingKey) == ["companies.CompanyDeactivated"])

        // partners and speakers follow.
        try await eventually("partners and speakers know the deactivation") {
            let partners = try await system.count(
                .partners, "SELECT count(*) FROM companies WHERE company_id = $1 AND deactivated_at IS NOT NULL", [companyId])
            let speakers = try await system.count(.speakers, "SELECT count(*) FROM companies WHERE id = $1 AND NOT is_active", [companyId])
            return partners == 1 && speakers == 1
        }
        let again = try await system.command(
            Self.startPartnership, StartPartnership(companyId: companyId, partnershipLevel: "gold", partnershipStartDate: "2026-01-01"))
        #expect(reason(again) == "company_deactivated")
        let update = try await system.command(Self.updateCompany, UpdateCompany(companyId: companyId, displayName: "Gone"))
        #expect(reason(update) == "company_deactivated")
        #expect(system.contractProblems() == [])
    }
}
