import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

/// Partner contacts through the kernel's processor on a real database: the
/// primary rules in the rows, and what a removal leaves of a person.
@Suite("Partner contact handlers")
struct ContactHandlerTests {
    static let t0 = PartnerHandlerTests.t0

    func partner(_ h: HandlerHarness) async throws -> Identifier {
        let companyId = Identifier()
        try await PartnerHandlerTests.companyCreated(h, companyId)
        return try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, companyId))
    }

    func add(_ h: HandlerHarness, _ partnerId: Identifier, _ email: String, primary: Bool? = nil) async throws -> HarnessResult {
        try await h.send(
            .command("AddPartnerContact", to: "partners"),
            data: AddPartnerContact(
                partnerId: partnerId, name: "Anna Muster", email: email, role: "Marketing", phone: "031 123 45 67", isPrimary: primary),
            now: Self.t0
        )
    }

    func contactId(_ result: HarnessResult) throws -> Identifier {
        try #require(try result.messages("partners.PartnerContactAdded").first?.decode(PartnerContactAdded.self)).contactId
    }

    func primaries(_ h: HandlerHarness, _ partnerId: Identifier) async throws -> [Identifier] {
        try await h.query("SELECT id FROM partner_contacts WHERE partner_id = $1 AND is_primary", [partnerId]).map {
            try $0.decode(Identifier.self, column: "id")
        }
    }

    func conforms(_ results: [HarnessResult]) throws {
        let contract = try ContractValidator()
        for message in results.flatMap(\.published) {
            #expect(contract.problems(body: Array(message.body.utf8), routingKey: message.routingKey) == [])
        }
    }

    @Test func exactlyOnePrimaryThroughAddPromoteAndRemove() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let partnerId = try await partner(h)
            let first = try await add(h, partnerId, "anna@acme.ch", primary: false)
            let anna = try contactId(first)
            #expect(try await primaries(h, partnerId) == [anna])

            let second = try await add(h, partnerId, "ben@acme.ch", primary: true)
            let ben = try contactId(second)
            #expect(try second.messages("partners.PartnerContactAdded").first?.decode(PartnerContactAdded.self).previousPrimaryContactId == anna)
            #expect(try await primaries(h, partnerId) == [ben])

            let promote = try await h.send(
                .command("UpdatePartnerContact", to: "partners"), data: UpdatePartnerContact(partnerId: partnerId, contactId: anna, isPrimary: true),
                now: Self.t0
            )
            #expect(
                try promote.messages("partners.PartnerContactUpdated").first?.decode(PartnerContactUpdated.self)
                    == PartnerContactUpdated(partnerId: partnerId, contactId: anna, isPrimary: true, previousPrimaryContactId: .set(ben)))
            #expect(try await primaries(h, partnerId) == [anna])

            let refused = try await h.send(
                .command("RemovePartnerContact", to: "partners"), data: RemovePartnerContact(partnerId: partnerId, contactId: anna), now: Self.t0
            )
            #expect(PartnerHandlerTests.reason(refused) == "primary_contact_required")
            let removed = try await h.send(
                .command("RemovePartnerContact", to: "partners"),
                data: RemovePartnerContact(partnerId: partnerId, contactId: anna, newPrimaryContactId: ben), now: Self.t0
            )
            #expect(
                try removed.messages("partners.PartnerContactRemoved").first?.decode(PartnerContactRemoved.self)
                    == PartnerContactRemoved(partnerId: partnerId, contactId: anna, newPrimaryContactId: ben))
            #expect(try await primaries(h, partnerId) == [ben])

            // The last contact of an active partnership stays; after the end it may go.
            let last = try await h.send(
                .command("RemovePartnerContact", to: "partners"), data: RemovePartnerContact(partnerId: partnerId, contactId: ben), now: Self.t0
            )
            #expect(PartnerHandlerTests.reason(last) == "primary_contact_required")
            _ = try await h.send(
                .command("EndPartnership", to: "partners"), data: EndPartnership(partnerId: partnerId, partnershipEndDate: "2025-12-31"), now: Self.t0
            )
            let gone = try await h.send(
                .command("RemovePartnerContact", to: "partners"), data: RemovePartnerContact(partnerId: partnerId, contactId: ben), now: Self.t0
            )
            #expect(gone.outcome == .handled)
            #expect(try await h.query("SELECT 1 FROM partner_contacts WHERE partner_id = $1", [partnerId]).isEmpty)
            try conforms([first, second, promote, refused, removed, last, gone])
        }
    }

    /// Every table of the harness schema whose rows mention `needle` (ignoring case).
    func tablesMentioning(_ needle: String, _ h: HandlerHarness) async throws -> [String] {
        let tables = try await h.query("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [h.schema]).map {
            try $0.decode(String.self, column: "tablename")
        }
        var found: [String] = []
        for table in tables {
            let hits = try await h.query("SELECT count(*) FROM \(table) t WHERE strpos(lower(t::text), lower($1)) > 0", [needle])
            if try hits[0].decode(Int.self, at: 0) > 0 { found.append(table) }
        }
        return found
    }

    @Test func aRemovedContactLeavesNoCopyOfItsEmailButTheSweepsNeedle() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let partnerId = try await partner(h)
            let other = try contactId(try await add(h, partnerId, "ben@acme.ch"))
            let added = try await add(h, partnerId, "Secret.Person@Acme.ch")
            let contact = try contactId(added)
            _ = try await h.send(
                .command("UpdatePartnerContact", to: "partners"),
                data: UpdatePartnerContact(partnerId: partnerId, contactId: contact, email: "secret.person@acme.ch"), now: Self.t0
            )
            #expect(try await tablesMentioning("secret.person@acme.ch", h) == ["outbox", "partner_contacts"])
            // One of its events went out already: the sent row goes too.
            _ = try await h.query(
                "UPDATE outbox SET sent_at = now() WHERE message_type = 'PartnerContactAdded' AND strpos(body, $1) > 0", [contact.description])

            let removed = try await h.send(
                .command("RemovePartnerContact", to: "partners"), data: RemovePartnerContact(partnerId: partnerId, contactId: contact), now: Self.t0
            )
            #expect(removed.outcome == .handled)
            #expect(removed.erasures.map(\.needles) == [[contact.description, "secret.person@acme.ch"].sorted()])
            #expect(removed.erasures.first?.reason == "partner_contact_removed")
            // Only the kernel's erasure request holds it, until its window ends.
            #expect(try await tablesMentioning("secret.person@acme.ch", h) == ["erasure_requests"])
            // The other contact's events stay.
            #expect(
                try await h.query("SELECT 1 FROM outbox WHERE message_type = 'PartnerContactAdded' AND strpos(body, $1) > 0", [other.description])
                    .count
                    == 1)
        }
    }
}
