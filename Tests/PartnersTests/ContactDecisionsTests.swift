import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import Testing

/// The primary-contact rules and field rules of partner contacts, without I/O.
@Suite("Partner contact decisions")
struct ContactDecisionsTests {
    let partner = Partner(
        id: Identifier(), companyId: Identifier(), level: .gold, startDate: PostgresDate(year: 2025, month: 1, day: 1), endDate: nil,
        isActive: true, fee: 10_000
    )

    func add(_ email: String, primary: Bool? = nil, to contacts: [PartnerContact] = [], partner: Partner? = nil) throws
        -> ContactOutcome<PartnerContactAdded>
    {
        let owner = partner ?? self.partner
        return try ContactDecisions.add(
            AddPartnerContact(
                partnerId: owner.id, name: "Anna Muster", email: email, role: "Marketing", phone: "+41 31 123 45 67", isPrimary: primary),
            partner: owner, contacts: contacts, idTaken: false, newId: Identifier()
        )
    }

    func contact(_ email: String, primary: Bool, of partner: Partner? = nil) -> PartnerContact {
        PartnerContact(id: Identifier(), partnerId: (partner ?? self.partner).id, name: "Someone", email: email, isPrimary: primary)
    }

    // MARK: add

    @Test func theFirstContactBecomesPrimaryWhateverItSays() throws {
        let outcome = try add("anna@acme.ch", primary: false)
        #expect(outcome.saved.count == 1 && outcome.saved[0].isPrimary)
        #expect(outcome.event.isPrimary && outcome.event.previousPrimaryContactId == nil)
        #expect(outcome.event.email == "anna@acme.ch" && outcome.event.phone == "+41 31 123 45 67")
    }

    @Test func aLaterContactIsOrdinaryUnlessItAsksToBePrimary() throws {
        let first = contact("anna@acme.ch", primary: true)
        let ordinary = try add("ben@acme.ch", to: [first])
        #expect(!ordinary.event.isPrimary && ordinary.saved.count == 1)

        let promoted = try add("ben@acme.ch", primary: true, to: [first])
        #expect(promoted.event.isPrimary && promoted.event.previousPrimaryContactId == first.id)
        // The demoted row is written first: the one-primary index never sees two.
        #expect(promoted.saved.map(\.isPrimary) == [false, true])
        #expect(promoted.saved.first?.id == first.id)
    }

    @Test func addRejections() {
        let first = contact("anna@acme.ch", primary: true)
        #expect(rejectionReason { _ = try add("ANNA@acme.ch", to: [first]) } == "contact_exists")
        #expect(rejectionReason { _ = try add("anna.acme.ch") } == "invalid_email")
        #expect(rejectionReason { _ = try add("anna@acme") } == "invalid_email")
        #expect(
            rejectionReason {
                _ = try ContactDecisions.add(
                    AddPartnerContact(partnerId: partner.id, name: "A", email: "a@acme.ch"), partner: partner, contacts: [], idTaken: true,
                    newId: Identifier())
            } == "contact_exists")
        #expect(
            rejectionReason {
                _ = try ContactDecisions.add(
                    AddPartnerContact(partnerId: partner.id, name: " ", email: "a@acme.ch"), partner: partner, contacts: [], idTaken: false,
                    newId: Identifier())
            } == "missing_field")
        #expect(
            rejectionReason {
                _ = try ContactDecisions.add(
                    AddPartnerContact(partnerId: partner.id, name: "A", email: "a@acme.ch"), partner: nil, contacts: [], idTaken: false,
                    newId: Identifier())
            } == "unknown_partner")
    }

    @Test(arguments: ["12", "call me", "+41 31 12a 45 67", "++41 31 123 45 67", String(repeating: "1", count: 21)])
    func aPhoneMustBeDigits(phone: String) {
        #expect(
            rejectionReason {
                _ = try ContactDecisions.add(
                    AddPartnerContact(partnerId: partner.id, name: "A", email: "a@acme.ch", phone: phone), partner: partner, contacts: [],
                    idTaken: false, newId: Identifier())
            } == "invalid_phone")
    }

    // MARK: update

    @Test func promotingDemotesTheOldPrimaryInTheSameEvent() throws {
        let first = contact("anna@acme.ch", primary: true)
        let second = contact("ben@acme.ch", primary: false)
        let outcome = try ContactDecisions.update(
            UpdatePartnerContact(partnerId: partner.id, contactId: second.id, isPrimary: true), partner: partner, contacts: [first, second]
        )
        #expect(
            outcome.event
                == PartnerContactUpdated(partnerId: partner.id, contactId: second.id, isPrimary: true, previousPrimaryContactId: .set(first.id)))
        #expect(outcome.saved.map(\.id) == [first.id, second.id])
        #expect(outcome.saved.map(\.isPrimary) == [false, true])
    }

    @Test func roleAndPhoneCanBeClearedNameAndEmailNot() throws {
        var anna = contact("anna@acme.ch", primary: true)
        anna.role = "CTO"
        anna.phone = "031 123 45 67"
        let cleared = try ContactDecisions.update(
            UpdatePartnerContact(partnerId: partner.id, contactId: anna.id, role: .clear, phone: .clear), partner: partner, contacts: [anna]
        )
        #expect(cleared.event == PartnerContactUpdated(partnerId: partner.id, contactId: anna.id, role: .clear, phone: .clear))
        #expect(cleared.saved.first?.role == nil && cleared.saved.first?.phone == nil)
        for command in [
            UpdatePartnerContact(partnerId: partner.id, contactId: anna.id, name: .clear),
            UpdatePartnerContact(partnerId: partner.id, contactId: anna.id, email: .clear),
            UpdatePartnerContact(partnerId: partner.id, contactId: anna.id, isPrimary: .clear),
        ] {
            #expect(rejectionReason { _ = try ContactDecisions.update(command, partner: partner, contacts: [anna]) } == "cannot_clear_field")
        }
    }

    @Test func updateRejections() {
        let anna = contact("anna@acme.ch", primary: true)
        let ben = contact("ben@acme.ch", primary: false)
        let contacts = [anna, ben]
        func reason(_ command: UpdatePartnerContact, partner: Partner? = nil) -> String? {
            rejectionReason { _ = try ContactDecisions.update(command, partner: partner ?? self.partner, contacts: contacts) }
        }
        #expect(reason(UpdatePartnerContact(partnerId: partner.id, contactId: anna.id)) == "no_changes")
        #expect(reason(UpdatePartnerContact(partnerId: partner.id, contactId: anna.id, isPrimary: false)) == "primary_contact_required")
        #expect(reason(UpdatePartnerContact(partnerId: partner.id, contactId: ben.id, email: "Anna@acme.ch")) == "contact_exists")
        #expect(reason(UpdatePartnerContact(partnerId: partner.id, contactId: Identifier(), name: "X")) == "unknown_contact")
        #expect(reason(UpdatePartnerContact(partnerId: partner.id, contactId: ben.id, email: "nope")) == "invalid_email")
        #expect(
            rejectionReason {
                _ = try ContactDecisions.update(UpdatePartnerContact(partnerId: partner.id, contactId: ben.id, name: "X"), partner: nil, contacts: [])
            } == "unknown_partner")
    }

    // MARK: remove

    @Test func anOrdinaryContactGoesWithoutFuss() throws {
        let anna = contact("anna@acme.ch", primary: true)
        let ben = contact("ben@acme.ch", primary: false)
        let outcome = try ContactDecisions.remove(
            RemovePartnerContact(partnerId: partner.id, contactId: ben.id), partner: partner, contacts: [anna, ben]
        )
        #expect(outcome.removed == ben && outcome.saved.isEmpty)
        #expect(outcome.event == PartnerContactRemoved(partnerId: partner.id, contactId: ben.id, newPrimaryContactId: nil))
    }

    @Test func removingThePrimaryNeedsAnotherNamed() throws {
        let anna = contact("anna@acme.ch", primary: true)
        let ben = contact("ben@acme.ch", primary: false)
        let contacts = [anna, ben]
        #expect(
            rejectionReason {
                _ = try ContactDecisions.remove(RemovePartnerContact(partnerId: partner.id, contactId: anna.id), partner: partner, contacts: contacts)
            }
                == "primary_contact_required")
        #expect(
            rejectionReason {
                _ = try ContactDecisions.remove(
                    RemovePartnerContact(partnerId: partner.id, contactId: anna.id, newPrimaryContactId: anna.id), partner: partner,
                    contacts: contacts)
            } == "unknown_contact")
        let outcome = try ContactDecisions.remove(
            RemovePartnerContact(partnerId: partner.id, contactId: anna.id, newPrimaryContactId: ben.id), partner: partner, contacts: contacts
        )
        #expect(outcome.removed == anna)
        #expect(outcome.saved.map(\.id) == [ben.id] && outcome.saved[0].isPrimary)
        #expect(outcome.event.newPrimaryContactId == ben.id)
    }

    @Test func theLastContactGoesOnlyOnceThePartnershipEnded() throws {
        var ended = partner
        ended.isActive = false
        let anna = contact("anna@acme.ch", primary: true)
        #expect(
            rejectionReason {
                _ = try ContactDecisions.remove(RemovePartnerContact(partnerId: partner.id, contactId: anna.id), partner: partner, contacts: [anna])
            }
                == "primary_contact_required")
        let outcome = try ContactDecisions.remove(RemovePartnerContact(partnerId: ended.id, contactId: anna.id), partner: ended, contacts: [anna])
        #expect(outcome.removed == anna && outcome.event.newPrimaryContactId == nil)
    }

    // MARK: privacy

    @Test func noRejectionRepeatsANameEmailOrPhone() {
        let anna = contact("secret.person@acme.ch", primary: true)
        let attempts: [() throws -> Void] = [
            { _ = try add("secret.person@acme.ch", to: [anna]) },
            { _ = try add("secret person at acme") },
            { _ = try add(String(repeating: "secret", count: 50) + "@acme.ch") },
            {
                _ = try ContactDecisions.add(
                    AddPartnerContact(partnerId: partner.id, name: String(repeating: "secret ", count: 40), email: "a@acme.ch"), partner: partner,
                    contacts: [], idTaken: false, newId: Identifier())
            },
            {
                _ = try ContactDecisions.add(
                    AddPartnerContact(partnerId: partner.id, name: "A", email: "a@acme.ch", phone: "secret 123"), partner: partner, contacts: [],
                    idTaken: false, newId: Identifier())
            },
            {
                _ = try ContactDecisions.update(
                    UpdatePartnerContact(partnerId: partner.id, contactId: anna.id, email: "secret@"), partner: partner, contacts: [anna])
            },
        ]
        for attempt in attempts {
            do {
                try attempt()
                Issue.record("not rejected")
            } catch let rejection as CommandRejection {
                #expect(!rejection.message.contains("secret"), "\(rejection.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
