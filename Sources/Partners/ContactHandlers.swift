import Identifiers
import Messaging
import Postgres

/// The partner contact commands. Each holds its partner's company key
/// (`PartnerLocks.partnerCompany`), so two changes of one partner's contacts
/// never both see the old primary.
enum ContactHandlers {
    /// The partner named (nil when there is none) and its contacts.
    static func partnerAndContacts(_ partnerId: Identifier?, _ db: isolated PostgresConnection) throws -> (Partner?, [PartnerContact]) {
        guard let partnerId, let partner = try PartnerStore.partner(partnerId, db) else { return (nil, []) }
        return (partner, try PartnerStore.contacts(of: partner.id, db))
    }

    static func addPartnerContact(
        _ envelope: Envelope<AddPartnerContact>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (partner, contacts) = try partnerAndContacts(command.partnerId, db)
        let idTaken = try command.contactId.map { try PartnerStore.contactExists($0, db) } ?? false
        let outcome = try ContactDecisions.add(command, partner: partner, contacts: contacts, idTaken: idTaken, newId: Identifier())
        for contact in outcome.saved { try PartnerStore.save(contact, now: context.now, db) }
        try context.publish(outcome.event)
    }

    static func updatePartnerContact(
        _ envelope: Envelope<UpdatePartnerContact>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (partner, contacts) = try partnerAndContacts(command.partnerId, db)
        let outcome = try ContactDecisions.update(command, partner: partner, contacts: contacts)
        for contact in outcome.saved { try PartnerStore.save(contact, now: context.now, db) }
        try context.publish(outcome.event)
    }

    /// Erasure of a contact (docs/analytics.md, "Partner contacts"): the row
    /// and the outbox rows with its data go now; the retry and parking
    /// queues are swept for its id and email by the kernel.
    static func removePartnerContact(
        _ envelope: Envelope<RemovePartnerContact>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let (partner, contacts) = try partnerAndContacts(command.partnerId, db)
        let outcome = try ContactDecisions.remove(command, partner: partner, contacts: contacts)
        if let removed = outcome.removed {
            try PartnerStore.erase(removed, db)
            // An email shorter than a needle may be (`a@b.c`) matches too much to sweep by.
            let needles = [removed.id.description, removed.email].filter { $0.count >= ErasureRequest.minimumNeedleLength }
            try context.forgetMessages(mentioning: needles, reason: "partner_contact_removed")
        }
        for contact in outcome.saved { try PartnerStore.save(contact, now: context.now, db) }
        try context.publish(outcome.event)
    }
}
