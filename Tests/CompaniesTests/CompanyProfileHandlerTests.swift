import Companies
import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

/// Headquarters, links, clearing, logo removal and deactivation through the
/// kernel's processor on a real database; every event checked against the contract.
@Suite("Companies profile handlers")
struct CompanyProfileHandlerTests {
    static let t0 = Date(timeIntervalSince1970: 1_760_000_000)
    let user = Identifier()

    func withHarness(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: CompaniesWorker.definition(), context: "companies", body)
    }

    func reason(_ result: HarnessResult) -> String? {
        if case .rejected(let rejected) = result.outcome { return rejected.reason }
        return nil
    }

    /// Fails the test when a published message does not fit the contract.
    func conforms(_ results: [HarnessResult]) throws {
        let contract = try ContractValidator()
        for message in results.flatMap(\.published) {
            #expect(contract.problems(body: Array(message.body.utf8), routingKey: message.routingKey) == [])
        }
    }

    func create(_ h: HandlerHarness, _ id: Identifier) async throws -> HarnessResult {
        try await h.send(
            .command("CreateCompany", to: "companies"),
            data: CreateCompany(
                companyId: id, name: "Acme AG", displayName: "Acme", website: "https://acme.ch", industry: "Software",
                employeeCount: 40, description: "Tools",
                headquarters: AddressInput(street: "Bahnhofplatz 1", postalCode: "3011", city: "Bern", country: "ch"),
                socialLinks: SocialLinksInput(linkedIn: "https://www.linkedin.com/company/acme", x: "https://x.com/acme"), createdBy: user
            ), aggregateId: id.description, now: Self.t0
        )
    }

    /// A client's raw UpdateCompany body: what null means must hold on the wire.
    func update(_ h: HandlerHarness, _ id: Identifier, _ members: String) async throws -> HarnessResult {
        let body =
            #"{"id":"\#(Identifier())","aggregateId":"\#(id)","aggregateType":"Company","eventType":"UpdateCompany","eventVersion":1,"occurredAt":"2025-10-01T10:00:00.000Z","correlationId":"\#(Identifier())","data":{"companyId":"\#(id)",\#(members)}}"#
        return try await h.deliver(body: Array(body.utf8), routingKey: "companies.UpdateCompany", now: Self.t0 + 60)
    }

    func row(_ h: HandlerHarness, _ id: Identifier) async throws -> PostgresRow {
        try #require(
            try await h.query(
                """
                SELECT website, employee_count, description, headquarters_street, headquarters_postal_code, headquarters_city,
                       headquarters_country, linkedin_url, x_url, is_active, deactivated_at
                FROM companies WHERE id = $1
                """, [id]
            ).first)
    }

    @Test func anAddressAndLinksAreKeptAndNullClearsThemOnTheWire() async throws {
        try await withHarness { h in
            let id = Identifier()
            let created = try await create(h, id)
            let event = try #require(try created.messages("companies.CompanyCreated").first?.decode(CompanyCreated.self))
            #expect(event.headquarters == Address(street: "Bahnhofplatz 1", postalCode: "3011", city: "Bern", country: "CH"))
            var stored = try await row(h, id)
            #expect(try stored.decode(String?.self, column: "headquarters_country") == "CH")
            #expect(try stored.decode(String?.self, column: "x_url") == "https://x.com/acme")

            // Absent stays, null clears: employeeCount, one link, the address.
            let cleared = try await update(h, id, #""employeeCount":null,"socialLinks":{"x":null},"headquarters":null"#)
            #expect(cleared.outcome == .handled)
            let changed = try #require(cleared.messages("companies.CompanyUpdated").first)
            #expect(changed.data["employeeCount"] == .null)
            #expect(changed.data["headquarters"] == .null)
            #expect(changed.data["socialLinks"]?["linkedIn"]?.stringValue == "https://www.linkedin.com/company/acme")
            #expect(changed.data["socialLinks"]?["x"] == nil)
            #expect(changed.data["website"] == nil)
            stored = try await row(h, id)
            #expect(try stored.decode(Int?.self, column: "employee_count") == nil)
            #expect(try stored.decode(String?.self, column: "headquarters_city") == nil)
            #expect(try stored.decode(String?.self, column: "headquarters_street") == nil)
            #expect(try stored.decode(String?.self, column: "x_url") == nil)
            #expect(try stored.decode(String?.self, column: "website") == "https://acme.ch")

            // Null for a required field is refused, and nothing changes.
            let refused = try await update(h, id, #""name":null,"description":null"#)
            #expect(reason(refused) == "cannot_clear_field")
            #expect(try await row(h, id).decode(String?.self, column: "description") == "Tools")
            try conforms([created, cleared, refused])
        }
    }

    func logo(_ companyId: Identifier) -> AttachCompanyLogo {
        AttachCompanyLogo(
            companyId: companyId, fileId: "f-\(Identifier())", fileName: "logo.png", mimeType: "image/png", fileSizeBytes: 2048,
            s3Key: "logos/\(companyId)/logo.png", uploadedBy: user
        )
    }

    @Test func removingTheLogoLeavesNoCurrentOneAndTwiceIsNoLogo() async throws {
        try await withHarness { h in
            let id = Identifier()
            let created = try await create(h, id)
            let attached = try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(id), now: Self.t0)
            let logoId = try #require(try attached.messages("companies.CompanyLogoAttached").first?.decode(CompanyLogoAttached.self)).logoId
            let removed = try await h.send(
                .command("RemoveCompanyLogo", to: "companies"), data: RemoveCompanyLogo(companyId: id, removedBy: user), now: Self.t0 + 5
            )
            #expect(
                try removed.messages("companies.CompanyLogoRemoved").first?.decode(CompanyLogoRemoved.self)
                    == CompanyLogoRemoved(companyId: id, logoId: logoId, removedAt: Self.t0 + 5, removedBy: user))
            #expect(try await h.query("SELECT 1 FROM company_logos WHERE company_id = $1 AND is_current", [id]).isEmpty)
            #expect(try await h.query("SELECT 1 FROM company_logos WHERE company_id = $1", [id]).count == 1)

            let again = try await h.send(.command("RemoveCompanyLogo", to: "companies"), data: RemoveCompanyLogo(companyId: id, removedBy: user))
            #expect(reason(again) == "no_logo")
            // A new logo after the removal replaces nothing.
            let next = try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(id), now: Self.t0 + 9)
            #expect(try next.messages("companies.CompanyLogoAttached").first?.decode(CompanyLogoAttached.self).replacedLogoId == nil)
            try conforms([created, attached, removed, again, next])
        }
    }

    func partnership(_ h: HandlerHarness, _ name: String, company: Identifier, partner: Identifier, at: Date) async throws -> HarnessResult {
        try await h.send(
            .event(name, from: "partners"), data: PartnershipStartedNotice(partnerId: partner, companyId: company),
            aggregateId: partner.description, now: at
        )
    }

    @Test func deactivationWaitsForThePartnershipToEndAndIsFinal() async throws {
        try await withHarness { h in
            let id = Identifier()
            let partner = Identifier()
            let created = try await create(h, id)
            _ = try await partnership(h, "PartnershipStarted", company: id, partner: partner, at: Self.t0 + 10)
            let deactivate = DeactivateCompany(companyId: id, deactivatedBy: user)
            let refused = try await h.send(.command("DeactivateCompany", to: "companies"), data: deactivate, now: Self.t0 + 20)
            #expect(reason(refused) == "has_active_partnership")
            #expect(try await row(h, id).decode(Bool.self, column: "is_active"))

            _ = try await partnership(h, "PartnershipEnded", company: id, partner: partner, at: Self.t0 + 30)
            let accepted = try await h.send(.command("DeactivateCompany", to: "companies"), data: deactivate, now: Self.t0 + 40)
            #expect(
                try accepted.messages("companies.CompanyDeactivated").first?.decode(CompanyDeactivated.self)
                    == CompanyDeactivated(companyId: id, deactivatedAt: Self.t0 + 40, deactivatedBy: user))
            let stored = try await row(h, id)
            #expect(try stored.decode(Bool.self, column: "is_active") == false)
            #expect(try stored.decode(Date?.self, column: "deactivated_at") == Self.t0 + 40)

            let redelivered = try await h.redeliver(accepted)
            #expect(redelivered.outcome == .duplicate)
            let twice = try await h.send(.command("DeactivateCompany", to: "companies"), data: deactivate, now: Self.t0 + 50)
            #expect(reason(twice) == "company_deactivated")
            let update = try await update(h, id, #""displayName":"Gone""#)
            #expect(reason(update) == "company_deactivated")
            try conforms([created, refused, accepted, twice, update])
        }
    }
}
