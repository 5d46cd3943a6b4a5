import Companies
import Foundation
import Identifiers
import Messaging
import Testing

@Suite("Company decisions")
struct CompanyDecisionsTests {
    let creator = Identifier()

    func createCommand(
        name: String? = "Acme AG", displayName: String? = "Acme", website: String? = "https://acme.ch",
        industry: String? = "Software", employeeCount: Int? = 40, isPartner: Bool? = nil
    ) -> CreateCompany {
        CreateCompany(
            name: name, displayName: displayName, isPartner: isPartner, website: website, industry: industry,
            employeeCount: employeeCount, description: "Makes things", createdBy: creator
        )
    }

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

    func company(_ id: Identifier = Identifier(), isPartner: Bool = false) -> Company {
        Company(
            id: id, name: "Acme AG", displayName: "Acme", isPartner: isPartner, website: nil, industry: "Software",
            employeeCount: 40, description: nil, createdBy: creator
        )
    }

    @Test func createsWithTheGivenOrNewIdAndAnswersCompanyCreated() throws {
        let id = Identifier()
        let (company, event) = try CompanyDecisions.create(createCommand(), existing: nil, newId: id, partnership: nil)
        #expect(company.id == id)
        #expect(company.isPartner == false)
        #expect(
            event == CompanyCreated(companyId: id, name: "Acme AG", isPartner: false, displayName: "Acme", industry: "Software", employeeCount: 40))

        var command = createCommand()
        command.companyId = Identifier()
        let (named, _) = try CompanyDecisions.create(command, existing: nil, newId: id, partnership: nil)
        #expect(named.id == command.companyId)
    }

    @Test func trimsText() throws {
        let (company, _) = try CompanyDecisions.create(createCommand(name: "  Acme AG \n"), existing: nil, newId: Identifier(), partnership: nil)
        #expect(company.name == "Acme AG")
    }

    @Test func aKnownPartnershipWinsOverTheCommandsFlag() throws {
        let id = Identifier()
        let record = PartnershipRecord(companyId: id, partnerId: Identifier(), isActive: true, asOf: Date())
        let (company, event) = try CompanyDecisions.create(createCommand(isPartner: false), existing: nil, newId: id, partnership: record)
        #expect(company.isPartner)
        #expect(event.isPartner)
    }

    @Test func rejectsMissingAndOverlongFields() {
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(name: nil), existing: nil, newId: Identifier(), partnership: nil) }
                == "missing_field")
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(name: "   "), existing: nil, newId: Identifier(), partnership: nil) }
                == "missing_field")
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(displayName: nil), existing: nil, newId: Identifier(), partnership: nil) }
                == "missing_field")
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(industry: nil), existing: nil, newId: Identifier(), partnership: nil) }
                == "missing_field")
        var noCreator = createCommand()
        noCreator.createdBy = nil
        #expect(rejection { _ = try CompanyDecisions.create(noCreator, existing: nil, newId: Identifier(), partnership: nil) } == "missing_field")

        let name255 = String(repeating: "é", count: 255)
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(name: name255), existing: nil, newId: Identifier(), partnership: nil) } == nil)
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(name: name255 + "x"), existing: nil, newId: Identifier(), partnership: nil) }
                == "field_too_long")
        #expect(
            rejection {
                _ = try CompanyDecisions.create(
                    createCommand(displayName: String(repeating: "a", count: 256)), existing: nil, newId: Identifier(), partnership: nil)
            } == "field_too_long")
        #expect(
            rejection {
                _ = try CompanyDecisions.create(
                    createCommand(industry: String(repeating: "a", count: 101)), existing: nil, newId: Identifier(), partnership: nil)
            } == "field_too_long")
        let longSite = "https://acme.ch/" + String(repeating: "a", count: 485)
        #expect(
            rejection { _ = try CompanyDecisions.create(createCommand(website: longSite), existing: nil, newId: Identifier(), partnership: nil) }
                == "field_too_long")
    }

    @Test func rejectsBadWebsiteAndEmployeeCount() {
        for site in ["acme.ch", "ftp://acme.ch", "https://", "not a url"] {
            #expect(
                rejection { _ = try CompanyDecisions.create(createCommand(website: site), existing: nil, newId: Identifier(), partnership: nil) }
                    == "invalid_website", "\(site)")
        }
        for count in [0, -3, Int(Int32.max) + 1] {
            #expect(
                rejection {
                    _ = try CompanyDecisions.create(createCommand(employeeCount: count), existing: nil, newId: Identifier(), partnership: nil)
                } == "invalid_employee_count")
        }
    }

    @Test func rejectsACompanyThatExists() {
        let existing = company()
        var command = createCommand()
        command.companyId = existing.id
        #expect(rejection { _ = try CompanyDecisions.create(command, existing: existing, newId: Identifier(), partnership: nil) } == "company_exists")
    }

    @Test func updateReportsOnlyChangedFields() throws {
        let existing = company()
        let (updated, event) = try CompanyDecisions.update(
            UpdateCompany(companyId: existing.id, name: "Acme AG", displayName: "ACME", employeeCount: 55), existing: existing
        )
        #expect(updated.displayName == "ACME")
        #expect(updated.employeeCount == 55)
        #expect(event == CompanyUpdated(companyId: existing.id, displayName: "ACME", employeeCount: 55))
    }

    @Test func updateWithTheSameValuesAnswersWithNoChangedFields() throws {
        let existing = company()
        let (updated, event) = try CompanyDecisions.update(UpdateCompany(companyId: existing.id, name: "Acme AG"), existing: existing)
        #expect(updated == existing)
        #expect(event == CompanyUpdated(companyId: existing.id))
    }

    @Test func updateRejections() {
        let existing = company()
        #expect(rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: existing.id), existing: existing) } == "no_changes")
        #expect(rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: Identifier(), name: "X"), existing: nil) } == "unknown_company")
        #expect(rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: nil, name: "X"), existing: nil) } == "missing_field")
        #expect(
            rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: existing.id, name: " "), existing: existing) } == "missing_field")
        #expect(
            rejection {
                _ = try CompanyDecisions.update(
                    UpdateCompany(companyId: existing.id, industry: .set(String(repeating: "i", count: 101))), existing: existing)
            } == "field_too_long")
        #expect(
            rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: existing.id, website: "nope"), existing: existing) }
                == "invalid_website")
        #expect(
            rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: existing.id, employeeCount: 0), existing: existing) }
                == "invalid_employee_count")
    }

    func logoCommand(companyId: Identifier?, mimeType: String? = "image/png", size: Int64? = 1024) -> AttachCompanyLogo {
        AttachCompanyLogo(
            companyId: companyId, fileId: "file-1", fileName: "logo.png", mimeType: mimeType, fileSizeBytes: size,
            s3Key: "logos/acme/logo.png", uploadedBy: creator
        )
    }

    @Test func acceptsTheFourLogoTypesUpToFiveMebibytes() throws {
        let existing = company()
        for type in ["image/png", "image/jpeg", "image/svg+xml", "image/webp", "IMAGE/PNG"] {
            let (logo, _) = try CompanyDecisions.attachLogo(
                logoCommand(companyId: existing.id, mimeType: type, size: 5 * 1024 * 1024), company: existing, current: nil,
                newId: Identifier(), now: Date()
            )
            #expect(logo.mimeType == type.lowercased())
        }
    }

    @Test func rejectsOtherLogoTypesAndSizes() {
        let existing = company()
        for type in ["image/gif", "application/pdf", "image/jpg", "image/png; charset=x"] {
            #expect(
                rejection {
                    _ = try CompanyDecisions.attachLogo(
                        logoCommand(companyId: existing.id, mimeType: type), company: existing, current: nil, newId: Identifier(), now: Date())
                } == "unsupported_logo_type", "\(type)")
        }
        #expect(
            rejection {
                _ = try CompanyDecisions.attachLogo(
                    logoCommand(companyId: existing.id, size: 5 * 1024 * 1024 + 1), company: existing, current: nil, newId: Identifier(), now: Date())
            } == "logo_too_large")
        #expect(
            rejection {
                _ = try CompanyDecisions.attachLogo(
                    logoCommand(companyId: existing.id, size: 0), company: existing, current: nil, newId: Identifier(), now: Date())
            } == "invalid_file_size")
        #expect(
            rejection {
                _ = try CompanyDecisions.attachLogo(
                    logoCommand(companyId: existing.id, size: nil), company: existing, current: nil, newId: Identifier(), now: Date())
            } == "missing_field")
        #expect(
            rejection {
                _ = try CompanyDecisions.attachLogo(
                    logoCommand(companyId: Identifier()), company: nil, current: nil, newId: Identifier(), now: Date())
            } == "unknown_company")
        var longKey = logoCommand(companyId: existing.id)
        longKey.s3Key = String(repeating: "k", count: 501)
        #expect(
            rejection { _ = try CompanyDecisions.attachLogo(longKey, company: existing, current: nil, newId: Identifier(), now: Date()) }
                == "field_too_long")
    }

    @Test func aNewLogoNamesTheOneItReplaces() throws {
        let existing = company()
        let now = Date()
        let (first, firstEvent) = try CompanyDecisions.attachLogo(
            logoCommand(companyId: existing.id), company: existing, current: nil, newId: Identifier(), now: now)
        #expect(firstEvent.replacedLogoId == nil)
        let (second, secondEvent) = try CompanyDecisions.attachLogo(
            logoCommand(companyId: existing.id), company: existing, current: first, newId: Identifier(), now: now)
        #expect(secondEvent.replacedLogoId == first.id)
        #expect(secondEvent.logoId == second.id)
        #expect(secondEvent.uploadedAt == now)
    }

    @Test func partnershipEventsFlipTheFlagOnlyWhenItChanges() {
        let existing = company()
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let started = PartnershipRecord(companyId: existing.id, partnerId: Identifier(), isActive: true, asOf: t0)
        let first = CompanyDecisions.partnershipChanged(started, known: nil, company: existing)
        #expect(first.record == started)
        #expect(first.updated == CompanyUpdated(companyId: existing.id, isPartner: true))

        var partner = existing
        partner.isPartner = true
        let again = CompanyDecisions.partnershipChanged(started, known: started, company: partner)
        #expect(again.updated == nil)

        var ended = started
        ended.isActive = false
        ended.asOf = t0.addingTimeInterval(60)
        #expect(
            CompanyDecisions.partnershipChanged(ended, known: started, company: partner).updated
                == CompanyUpdated(companyId: existing.id, isPartner: false))
    }

    @Test func anOlderPartnershipEventLosesAgainstANewerOne() {
        var existing = company()
        existing.isPartner = false
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let ended = PartnershipRecord(companyId: existing.id, partnerId: Identifier(), isActive: false, asOf: t0.addingTimeInterval(60))
        let lateStart = PartnershipRecord(companyId: existing.id, partnerId: ended.partnerId, isActive: true, asOf: t0)
        let outcome = CompanyDecisions.partnershipChanged(lateStart, known: ended, company: existing)
        #expect(outcome.record == nil)
        #expect(outcome.updated == nil)
    }

    @Test func aPartnershipOfAnUnknownCompanyIsRememberedWithoutEvent() {
        let record = PartnershipRecord(companyId: Identifier(), partnerId: Identifier(), isActive: true, asOf: Date())
        let outcome = CompanyDecisions.partnershipChanged(record, known: nil, company: nil)
        #expect(outcome.record == record)
        #expect(outcome.updated == nil)
    }
}

@Suite("Company messages")
struct CompanyMessagesTests {
    @Test func companyCreatedAlwaysCarriesEmployeeCount() throws {
        let event = CompanyCreated(companyId: Identifier(), name: "A", isPartner: false, displayName: "A", industry: "I", employeeCount: nil)
        let json = String(decoding: try MessageCoding.encode(event), as: UTF8.self)
        #expect(json.contains("\"employeeCount\":null"))
    }

    @Test func companyUpdatedCarriesOnlyChangedFields() throws {
        let id = Identifier()
        let json = String(decoding: try MessageCoding.encode(CompanyUpdated(companyId: id, isPartner: true)), as: UTF8.self)
        #expect(json == "{\"companyId\":\"\(id.description)\",\"isPartner\":true}")
    }

    @Test func aCommandMissingRequiredFieldsStillDecodes() throws {
        let command = try MessageCoding.decode(CreateCompany.self, from: Array("{\"name\":\"A\"}".utf8))
        #expect(command.name == "A")
        #expect(command.createdBy == nil)
    }
}
