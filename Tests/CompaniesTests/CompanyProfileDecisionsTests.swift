import Companies
import Foundation
import Identifiers
import Messaging
import Testing

/// Headquarters, social links, clearing fields, logo removal and
/// deactivation: the pure rules of issue 12, item 6.
@Suite("Company profile decisions")
struct CompanyProfileDecisionsTests {
    let creator = Identifier()
    let t0 = Date(timeIntervalSince1970: 1_760_000_000)

    func company(_ id: Identifier = Identifier(), deactivatedAt: Date? = nil) -> Company {
        Company(
            id: id, name: "Acme AG", displayName: "Acme", isPartner: false, website: "https://acme.ch", industry: "Software",
            employeeCount: 40, description: "Tools", headquarters: Address(street: "Bahnhofplatz 1", postalCode: "3011", city: "Bern", country: "CH"),
            socialLinks: SocialLinks(linkedIn: "https://www.linkedin.com/company/acme", x: "https://x.com/acme"), createdBy: creator,
            deactivatedAt: deactivatedAt
        )
    }

    func create(headquarters: AddressInput? = nil, socialLinks: SocialLinksInput? = nil) throws -> (Company, CompanyCreated) {
        try CompanyDecisions.create(
            CreateCompany(
                name: "Acme AG", displayName: "Acme", industry: "Software", headquarters: headquarters, socialLinks: socialLinks,
                createdBy: creator
            ), existing: nil, newId: Identifier(), partnership: nil
        )
    }

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

    // MARK: create

    @Test func createKeepsTheAddressWithTheCountryInUpperCaseAndTheLinks() throws {
        let (company, event) = try create(
            headquarters: AddressInput(street: " Bahnhofplatz 1 ", postalCode: "3011", city: "Bern", country: "ch"),
            socialLinks: SocialLinksInput(linkedIn: "https://www.linkedin.com/company/acme")
        )
        let expected = Address(street: "Bahnhofplatz 1", postalCode: "3011", city: "Bern", country: "CH")
        #expect(company.headquarters == expected)
        #expect(event.headquarters == expected)
        #expect(event.socialLinks == SocialLinks(linkedIn: "https://www.linkedin.com/company/acme", x: nil))
    }

    @Test func createWithoutAddressOrLinksHasNone() throws {
        let (company, event) = try create()
        #expect(company.headquarters == nil)
        #expect(event.socialLinks == .none)
    }

    @Test(arguments: [
        (AddressInput(city: nil, country: "CH"), "missing_field"),
        (AddressInput(city: "  ", country: "CH"), "missing_field"),
        (AddressInput(city: "Bern", country: nil), "missing_field"),
        (AddressInput(city: "Bern", country: "XK"), "invalid_country"),
        (AddressInput(city: "Bern", country: "CHE"), "invalid_country"),
        (AddressInput(city: "Bern", country: "EU"), "invalid_country"),
        (AddressInput(postalCode: String(repeating: "9", count: 21), city: "Bern", country: "CH"), "field_too_long"),
        (AddressInput(city: String(repeating: "b", count: 101), country: "CH"), "field_too_long"),
    ])
    func aBadAddressIsRejected(address: AddressInput, reason: String) {
        #expect(rejection { _ = try create(headquarters: address) } == reason)
    }

    @Test(arguments: ["linkedin.com/company/acme", "ftp://x.com/acme", "https://", "mailto:someone@example.com"])
    func aSocialLinkMustBeAnHTTPURLWithAHost(link: String) {
        #expect(rejection { _ = try create(socialLinks: SocialLinksInput(linkedIn: .set(link))) } == "invalid_social_link")
        #expect(rejection { _ = try create(socialLinks: SocialLinksInput(x: .set(link))) } == "invalid_social_link")
    }

    @Test func everyAssignedCountryCodeIsAccepted() throws {
        for code in ["CH", "DE", "FR", "IT", "AT", "LI", "US", "GB", "AX", "ZW"] {
            #expect(try create(headquarters: AddressInput(city: "Somewhere", country: code)).0.headquarters?.country == code)
        }
    }

    // MARK: update

    @Test func nullClearsOptionalFieldsAndTheEventSaysNull() throws {
        let existing = company()
        let (updated, event) = try CompanyDecisions.update(
            UpdateCompany(companyId: existing.id, website: .clear, employeeCount: .clear, description: .clear, headquarters: .clear),
            existing: existing
        )
        #expect(updated.website == nil && updated.employeeCount == nil && updated.description == nil && updated.headquarters == nil)
        #expect(
            event
                == CompanyUpdated(companyId: existing.id, website: .clear, employeeCount: .clear, description: .clear, headquarters: .clear))
        let json = String(decoding: try MessageCoding.encode(event), as: UTF8.self)
        #expect(json.contains(#""employeeCount":null"#))
        #expect(!json.contains("name"))
    }

    @Test func clearingWhatIsAlreadyEmptyChangesNothing() throws {
        var existing = company()
        existing.website = nil
        let (updated, event) = try CompanyDecisions.update(UpdateCompany(companyId: existing.id, website: .clear), existing: existing)
        #expect(updated == existing)
        #expect(event == CompanyUpdated(companyId: existing.id))
    }

    @Test func oneLinkCanBeClearedOrReplacedAndTheEventCarriesTheWholeSet() throws {
        let existing = company()
        let (cleared, event) = try CompanyDecisions.update(
            UpdateCompany(companyId: existing.id, socialLinks: .set(SocialLinksInput(x: .clear))), existing: existing
        )
        #expect(cleared.socialLinks == SocialLinks(linkedIn: "https://www.linkedin.com/company/acme", x: nil))
        #expect(event.socialLinks == .set(cleared.socialLinks))

        let (none, allCleared) = try CompanyDecisions.update(UpdateCompany(companyId: existing.id, socialLinks: .clear), existing: existing)
        #expect(none.socialLinks == .none)
        #expect(allCleared.socialLinks == .set(.none))

        let (replaced, _) = try CompanyDecisions.update(
            UpdateCompany(companyId: existing.id, socialLinks: .set(SocialLinksInput(linkedIn: "https://linkedin.com/company/acme-ag"))),
            existing: existing
        )
        #expect(replaced.socialLinks == SocialLinks(linkedIn: "https://linkedin.com/company/acme-ag", x: "https://x.com/acme"))
    }

    @Test func theAddressIsReplacedAsAWhole() throws {
        let existing = company()
        let (updated, event) = try CompanyDecisions.update(
            UpdateCompany(companyId: existing.id, headquarters: .set(AddressInput(city: "Zürich", country: "ch"))), existing: existing
        )
        #expect(updated.headquarters == Address(city: "Zürich", country: "CH"))
        #expect(event.headquarters == .set(Address(city: "Zürich", country: "CH")))
    }

    @Test(arguments: ["name", "displayName", "industry", "isPartner"])
    func aRequiredFieldCannotBeCleared(field: String) {
        var command = UpdateCompany(companyId: Identifier())
        switch field {
        case "name": command.name = .clear
        case "displayName": command.displayName = .clear
        case "industry": command.industry = .clear
        default: command.isPartner = .clear
        }
        #expect(rejection { _ = try CompanyDecisions.update(command, existing: company(command.companyId ?? Identifier())) } == "cannot_clear_field")
    }

    @Test func aDeactivatedCompanyTakesNoChange() {
        let gone = company(deactivatedAt: t0)
        #expect(
            rejection { _ = try CompanyDecisions.update(UpdateCompany(companyId: gone.id, name: "New"), existing: gone) } == "company_deactivated")
        let logo = AttachCompanyLogo(
            companyId: gone.id, fileId: "f", fileName: "logo.png", mimeType: "image/png", fileSizeBytes: 10, s3Key: "k", uploadedBy: creator
        )
        #expect(
            rejection { _ = try CompanyDecisions.attachLogo(logo, company: gone, current: nil, newId: Identifier(), now: t0) }
                == "company_deactivated")
    }

    // MARK: logo removal

    func logo(of companyId: Identifier) -> CompanyLogo {
        CompanyLogo(
            id: Identifier(), companyId: companyId, fileId: "f", fileName: "logo.png", mimeType: "image/png", fileSizeBytes: 10,
            s3Key: "k", uploadedAt: t0, uploadedBy: creator
        )
    }

    @Test func removingTheLogoNamesTheLogoThatStoppedBeingCurrent() throws {
        let existing = company()
        let current = logo(of: existing.id)
        let event = try CompanyDecisions.removeLogo(
            RemoveCompanyLogo(companyId: existing.id, removedBy: creator), company: existing, current: current, now: t0
        )
        #expect(event == CompanyLogoRemoved(companyId: existing.id, logoId: current.id, removedAt: t0, removedBy: creator))
    }

    @Test func logoRemovalRejections() {
        let existing = company()
        let command = RemoveCompanyLogo(companyId: existing.id, removedBy: creator)
        #expect(rejection { _ = try CompanyDecisions.removeLogo(command, company: existing, current: nil, now: t0) } == "no_logo")
        #expect(rejection { _ = try CompanyDecisions.removeLogo(command, company: nil, current: nil, now: t0) } == "unknown_company")
        #expect(
            rejection {
                _ = try CompanyDecisions.removeLogo(
                    RemoveCompanyLogo(companyId: existing.id, removedBy: nil), company: existing, current: nil, now: t0)
            } == "missing_field")
        let gone = company(deactivatedAt: t0)
        #expect(
            rejection {
                _ = try CompanyDecisions.removeLogo(
                    RemoveCompanyLogo(companyId: gone.id, removedBy: creator), company: gone, current: logo(of: gone.id), now: t0)
            } == "company_deactivated")
    }

    // MARK: deactivation

    func partnership(_ companyId: Identifier, active: Bool) -> PartnershipRecord {
        PartnershipRecord(companyId: companyId, partnerId: Identifier(), isActive: active, asOf: t0)
    }

    @Test func deactivationIsRefusedWhileAPartnershipIsActive() {
        let existing = company()
        let command = DeactivateCompany(companyId: existing.id, deactivatedBy: creator)
        #expect(
            rejection {
                _ = try CompanyDecisions.deactivate(command, company: existing, partnership: partnership(existing.id, active: true), now: t0)
            }
                == "has_active_partnership")
    }

    @Test func deactivationAfterTheEndOrWithoutPartnershipIsFinal() throws {
        let existing = company()
        let command = DeactivateCompany(companyId: existing.id, deactivatedBy: creator)
        for record in [nil, partnership(existing.id, active: false)] {
            let (deactivated, event) = try CompanyDecisions.deactivate(command, company: existing, partnership: record, now: t0)
            #expect(!deactivated.isActive)
            #expect(event == CompanyDeactivated(companyId: existing.id, deactivatedAt: t0, deactivatedBy: creator))
            #expect(
                rejection { _ = try CompanyDecisions.deactivate(command, company: deactivated, partnership: record, now: t0 + 1) }
                    == "company_deactivated")
        }
        #expect(rejection { _ = try CompanyDecisions.deactivate(command, company: nil, partnership: nil, now: t0) } == "unknown_company")
    }

    // MARK: privacy

    @Test func badAddressesAndLinksAreNotRepeated() {
        let secret = "https://secret.person.example"
        for body in [
            { _ = try create(socialLinks: SocialLinksInput(linkedIn: .set("secret person's page"))) },
            { _ = try create(headquarters: AddressInput(city: "secret", country: "secret")) },
            { _ = try create(headquarters: AddressInput(street: String(repeating: "secret ", count: 40), city: "Bern", country: "CH")) },
            { _ = try create(socialLinks: SocialLinksInput(x: .set("ftp" + secret.dropFirst(5)))) },
        ] as [() throws -> Void] {
            do {
                try body()
                Issue.record("not rejected")
            } catch let rejection as CommandRejection {
                #expect(!rejection.message.contains("secret"), "\(rejection.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
