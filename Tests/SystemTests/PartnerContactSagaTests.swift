import Companies
import Foundation
import Identifiers
import Messaging
import Partners
import TestSupport
import Testing

/// Issue 12, item 1 through the real companies and partners workers: the
/// primary-contact rules from the first contact to the last, and what the
/// removals leave in partners' database.
@Suite struct PartnerContactSagaTests {
    static let addContact = MessageKey.command("AddPartnerContact", to: "partners")
    static let updateContact = MessageKey.command("UpdatePartnerContact", to: "partners")
    static let removeContact = MessageKey.command("RemovePartnerContact", to: "partners")

    func reason(_ answer: [PublishedEvent]) -> String? {
        answer.first { $0.routingKey.hasSuffix(".CommandRejected") }?.data["reason"]?.stringValue
    }

    @Test func primaryRulesFromTheFirstContactToTheLast() async throws {
        try await withSystem([.companies, .partners], run)
    }

    func run(_ system: SystemFixture) async throws {
        let companyId = Identifier()
        _ = try await system.command(
            .command("CreateCompany", to: "companies"),
            CreateCompany(companyId: companyId, name: "Contact AG", displayName: "Contact", industry: "Software", createdBy: Identifier()))
        try await eventually("partners knows the company") {
            try await system.count(.partners, "SELECT count(*) FROM companies WHERE company_id = $1", [companyId]) == 1
        }
        let started = try await system.command(
            .command("StartPartnership", to: "partners"),
            StartPartnership(companyId: companyId, partnershipLevel: "bronze", partnershipStartDate: "2025-01-01"))
        let partnerId = try #require(started.first?.uuid("partnerId"))

        let anna = try await system.command(
            Self.addContact, AddPartnerContact(partnerId: partnerId, name: "Anna Muster", email: "anna@contact.example", isPrimary: false))
        #expect(anna.first?.data["isPrimary"]?.boolValue == true)
        let annaId = try #require(anna.first?.uuid("contactId"))
        let ben = try await system.command(
            Self.addContact,
            AddPartnerContact(partnerId: partnerId, name: "Ben Beispiel", email: "ben@contact.example", role: "CEO", isPrimary: true))
        #expect(ben.first?.uuid("previousPrimaryContactId") == annaId)
        let benId = try #require(ben.first?.uuid("contactId"))

        let cleared = try await system.command(Self.updateContact, UpdatePartnerContact(partnerId: partnerId, contactId: benId, role: .clear))
        #expect(cleared.map(\.routingKey) == ["partners.PartnerContactUpdated"])
        #expect(cleared.first?.data["role"] == .null)

        #expect(
            reason(try await system.command(Self.removeContact, RemovePartnerContact(partnerId: partnerId, contactId: benId)))
                == "primary_contact_required")
        let removed = try await system.command(
            Self.removeContact, RemovePartnerContact(partnerId: partnerId, contactId: benId, newPrimaryContactId: annaId))
        #expect(removed.first?.uuid("newPrimaryContactId") == annaId)
        #expect(
            reason(try await system.command(Self.removeContact, RemovePartnerContact(partnerId: partnerId, contactId: annaId)))
                == "primary_contact_required")

        _ = try await system.command(
            .command("EndPartnership", to: "partners"), EndPartnership(partnerId: partnerId, partnershipEndDate: "2025-12-31"))
        let last = try await system.command(Self.removeContact, RemovePartnerContact(partnerId: partnerId, contactId: annaId))
        #expect(last.map(\.routingKey) == ["partners.PartnerContactRemoved"])

        #expect(try await system.count(.partners, "SELECT count(*) FROM partner_contacts WHERE partner_id = $1", [partnerId]) == 0)
        for email in ["anna@contact.example", "ben@contact.example"] {
            #expect(try await system.count(.partners, "SELECT count(*) FROM outbox WHERE strpos(body, $1) > 0", [email]) == 0)
        }
        #expect(system.contractProblems() == [])
    }
}
