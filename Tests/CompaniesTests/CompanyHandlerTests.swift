import Companies
import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

/// Each command and event path of the companies worker against a real
/// database, through the kernel's processor (inbox, rejection, outbox).
@Suite("Companies handlers")
struct CompanyHandlerTests {
    static let t0 = Date(timeIntervalSince1970: 1_760_000_000)
    let user = Identifier()

    func withHarness(_ body: (HandlerHarness) async throws -> Void) async throws {
        try await HandlerHarness.with(worker: CompaniesWorker.definition(), context: "companies", body)
    }

    @discardableResult
    func create(
        _ harness: HandlerHarness, id: Identifier = Identifier(), name: String = "Acme AG", isPartner: Bool? = nil,
        messageId: Identifier = Identifier()
    ) async throws -> HarnessResult {
        try await harness.send(
            .command("CreateCompany", to: "companies"),
            data: CreateCompany(
                companyId: id, name: name, displayName: "Acme", isPartner: isPartner, website: "https://acme.ch",
                industry: "Software", employeeCount: 40, description: nil, createdBy: user
            ),
            aggregateId: id.description, id: messageId, now: Self.t0
        )
    }

    func reason(_ result: HarnessResult) -> String? {
        if case .rejected(let rejected) = result.outcome { return rejected.reason }
        return nil
    }

    func count(_ harness: HandlerHarness, _ sql: String, _ binds: [any PostgresEncodable]) async throws -> Int {
        try await harness.query(sql, binds)[0].decode(Int.self, at: 0)
    }

    @Test func createCompanyWritesTheRowAndAnswersOnce() async throws {
        try await withHarness { h in
            let id = Identifier()
            let commandId = Identifier()
            let result = try await create(h, id: id, messageId: commandId)
            #expect(result.outcome == .handled)
            let created = result.messages("companies.CompanyCreated")
            #expect(result.published.count == 1)
            #expect(created.first?.header.causationId == commandId)
            #expect(created.first?.header.aggregateId == id.description)
            #expect(
                try created.first?.decode(CompanyCreated.self)
                    == CompanyCreated(
                        companyId: id, name: "Acme AG", isPartner: false, displayName: "Acme", industry: "Software", employeeCount: 40
                    ))
            let row = try await h.query("SELECT name, website, employee_count, created_by, created_at FROM companies WHERE id = $1", [id])
            #expect(try row.first?.decode(String.self, column: "website") == "https://acme.ch")
            #expect(try row.first?.decode(Int.self, column: "employee_count") == 40)
            #expect(try row.first?.decode(Identifier.self, column: "created_by") == user)
            #expect(try row.first?.decode(Date.self, column: "created_at") == Self.t0)

            let again = try await h.redeliver(result)
            #expect(again.outcome == .duplicate)
            #expect(again.published.isEmpty)
            #expect(try await reason(create(h, id: id)) == "company_exists")
        }
    }

    @Test func badInputIsRejectedAndNothingIsWritten() async throws {
        try await withHarness { h in
            let id = Identifier()
            let result = try await create(h, id: id, name: String(repeating: "n", count: 256))
            #expect(reason(result) == "field_too_long")
            #expect(result.published.map(\.routingKey) == ["companies.CommandRejected"])
            #expect(try await count(h, "SELECT count(*) FROM companies WHERE id = $1", [id]) == 0)

            // A command missing a required field still gets an answer (not parked).
            let body =
                #"{"id":"\#(Identifier().description)","aggregateId":"x","aggregateType":"Company","eventType":"CreateCompany","eventVersion":1,"occurredAt":"2025-10-01T10:00:00.000Z","correlationId":"\#(Identifier().description)","data":{"name":"Acme","displayName":"Acme","industry":"IT"}}"#
            let missing = try await h.deliver(body: Array(body.utf8), routingKey: "companies.CreateCompany")
            #expect(reason(missing) == "missing_field")
        }
    }

    @Test func updateCompanyPublishesTheChangedFields() async throws {
        try await withHarness { h in
            let id = Identifier()
            try await create(h, id: id)
            let result = try await h.send(
                .command("UpdateCompany", to: "companies"),
                data: UpdateCompany(companyId: id, name: "Acme AG", employeeCount: 55, description: "Bern"), now: Self.t0 + 60
            )
            #expect(
                try result.messages("companies.CompanyUpdated").first?.decode(CompanyUpdated.self)
                    == CompanyUpdated(companyId: id, employeeCount: 55, description: "Bern"))
            let row = try await h.query("SELECT employee_count, description, updated_at FROM companies WHERE id = $1", [id])
            #expect(try row.first?.decode(Int.self, column: "employee_count") == 55)
            #expect(try row.first?.decode(Date.self, column: "updated_at") == Self.t0 + 60)

            let unknown = try await h.send(.command("UpdateCompany", to: "companies"), data: UpdateCompany(companyId: Identifier(), name: "X"))
            #expect(reason(unknown) == "unknown_company")
            let invalid = try await h.send(.command("UpdateCompany", to: "companies"), data: UpdateCompany(companyId: id, website: "acme"))
            #expect(reason(invalid) == "invalid_website")
        }
    }

    func logo(_ companyId: Identifier, type: String = "image/png", size: Int64 = 2048) -> AttachCompanyLogo {
        AttachCompanyLogo(
            companyId: companyId, fileId: "f-\(Identifier())", fileName: "logo.png", mimeType: type, fileSizeBytes: size,
            s3Key: "logos/\(companyId)/logo.png", uploadedBy: user
        )
    }

    @Test func aNewLogoReplacesTheCurrentOne() async throws {
        try await withHarness { h in
            let id = Identifier()
            try await create(h, id: id)
            let first = try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(id), now: Self.t0)
            let firstEvent = try first.messages("companies.CompanyLogoAttached").first?.decode(CompanyLogoAttached.self)
            #expect(firstEvent?.replacedLogoId == nil)
            let second = try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(id, type: "image/svg+xml"), now: Self.t0 + 1)
            let secondEvent = try second.messages("companies.CompanyLogoAttached").first?.decode(CompanyLogoAttached.self)
            #expect(secondEvent?.replacedLogoId == firstEvent?.logoId)
            let current = try await h.query("SELECT id, mime_type FROM company_logos WHERE company_id = $1 AND is_current", [id])
            #expect(current.count == 1)
            #expect(try current.first?.decode(Identifier.self, column: "id") == secondEvent?.logoId)
            #expect(try await count(h, "SELECT count(*) FROM company_logos WHERE company_id = $1", [id]) == 2)

            #expect(
                reason(try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(id, type: "image/gif"))) == "unsupported_logo_type"
            )
            #expect(
                reason(try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(id, size: 5 * 1024 * 1024 + 1)))
                    == "logo_too_large")
            #expect(reason(try await h.send(.command("AttachCompanyLogo", to: "companies"), data: logo(Identifier()))) == "unknown_company")
            #expect(try await count(h, "SELECT count(*) FROM company_logos WHERE company_id = $1", [id]) == 2)
        }
    }

    func partnership(_ h: HandlerHarness, _ name: String, company: Identifier, partner: Identifier, at: Date) async throws -> HarnessResult {
        try await h.send(
            .event(name, from: "partners"), data: PartnershipStartedNotice(partnerId: partner, companyId: company),
            aggregateId: partner.description, now: at
        )
    }

    func isPartner(_ h: HandlerHarness, _ id: Identifier) async throws -> Bool? {
        try await h.query("SELECT is_partner FROM companies WHERE id = $1", [id]).first?.decode(Bool.self, column: "is_partner")
    }

    @Test func partnershipEventsKeepIsPartnerInStep() async throws {
        try await withHarness { h in
            let id = Identifier()
            let partner = Identifier()
            try await create(h, id: id)
            let started = try await partnership(h, "PartnershipStarted", company: id, partner: partner, at: Self.t0 + 10)
            #expect(
                try started.messages("companies.CompanyUpdated").first?.decode(CompanyUpdated.self) == CompanyUpdated(companyId: id, isPartner: true))
            #expect(try await isPartner(h, id) == true)

            // The same news again (another message) changes nothing and says nothing.
            let again = try await partnership(h, "PartnershipStarted", company: id, partner: partner, at: Self.t0 + 10)
            #expect(again.outcome == .handled)
            #expect(again.published.isEmpty)

            // An older end, delivered late, loses against the newer start.
            let lateEnd = try await partnership(h, "PartnershipEnded", company: id, partner: partner, at: Self.t0 + 5)
            #expect(lateEnd.published.isEmpty)
            #expect(try await isPartner(h, id) == true)

            let ended = try await partnership(h, "PartnershipEnded", company: id, partner: partner, at: Self.t0 + 20)
            #expect(
                try ended.messages("companies.CompanyUpdated").first?.decode(CompanyUpdated.self) == CompanyUpdated(companyId: id, isPartner: false))
            #expect(try await isPartner(h, id) == false)
        }
    }

    @Test func aPartnershipHeardBeforeTheCompanyIsCreatedSetsItsFlag() async throws {
        try await withHarness { h in
            let id = Identifier()
            let early = try await partnership(h, "PartnershipStarted", company: id, partner: Identifier(), at: Self.t0)
            #expect(early.outcome == .handled)
            #expect(early.published.isEmpty)
            let created = try await create(h, id: id, isPartner: false)
            #expect(try created.messages("companies.CompanyCreated").first?.decode(CompanyCreated.self).isPartner == true)
            #expect(try await isPartner(h, id) == true)
        }
    }
}
