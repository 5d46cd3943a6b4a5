public import Identifiers
public import Messaging

/// The pure decisions on partner contacts. Invariant: a partner with
/// contacts has exactly one primary contact, except that the last contact of
/// an ended partnership may be removed (its partner then has none).
///
/// Rejection messages name fields and ids, never a name, email or phone.
public enum ContactDecisions {
    /// `AddPartnerContact`. `contacts` are the partner's contacts now;
    /// `idTaken` says whether the id the command names is used already.
    public static func add(
        _ command: AddPartnerContact, partner: Partner?, contacts: [PartnerContact], idTaken: Bool, newId: Identifier
    ) throws(CommandRejection) -> ContactOutcome<PartnerContactAdded> {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let name = try Field.text(command.name, "name", maxLength: ContactLimits.name)
        let email = try Field.email(command.email)
        let role = try Field.optionalText(command.role, "role", maxLength: ContactLimits.role)
        let phone = try Field.phone(command.phone)
        guard let partner else { throw CommandRejection("unknown_partner", "no partner \(partnerId)") }
        if idTaken || contacts.contains(where: { sameEmail($0.email, email) }) {
            throw CommandRejection("contact_exists", "partner \(partner.id) has this contact already (same id or email)")
        }
        let previous = contacts.first(where: \.isPrimary)
        let makesPrimary = previous == nil || command.isPrimary == true
        let contact = PartnerContact(
            id: command.contactId ?? newId, partnerId: partner.id, name: name, email: email, role: role, phone: phone,
            isPrimary: makesPrimary
        )
        let demoted = makesPrimary ? previous.map { demote($0) } : nil
        return ContactOutcome(
            saved: [contact] + (demoted.map { [$0] } ?? []),
            event: PartnerContactAdded(contact: contact, previousPrimaryContactId: demoted?.id)
        )
    }

    /// `UpdatePartnerContact`: the fields given, and promotion to primary.
    public static func update(
        _ command: UpdatePartnerContact, partner: Partner?, contacts: [PartnerContact]
    ) throws(CommandRejection) -> ContactOutcome<PartnerContactUpdated> {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let contactId = try Field.required(command.contactId, "contactId")
        guard
            [command.name.isGiven, command.email.isGiven, command.role.isGiven, command.phone.isGiven, command.isPrimary.isGiven]
                .contains(true)
        else {
            throw CommandRejection("no_changes", "UpdatePartnerContact must give at least one field to change")
        }
        let name = try Field.notCleared(command.name, "name").map { (value) throws(CommandRejection) in
            try Field.text(value, "name", maxLength: ContactLimits.name)
        }
        let email = try Field.notCleared(command.email, "email").map { (value) throws(CommandRejection) in try Field.email(value) }
        let role = try command.role.map { (value) throws(CommandRejection) in
            try Field.optionalText(value, "role", maxLength: ContactLimits.role)
        }
        let phone = try command.phone.map { (value) throws(CommandRejection) in try Field.phone(value) }
        let isPrimary = try Field.notCleared(command.isPrimary, "isPrimary")
        guard partner != nil else { throw CommandRejection("unknown_partner", "no partner \(partnerId)") }
        guard var contact = contacts.first(where: { $0.id == contactId }) else {
            throw CommandRejection("unknown_contact", "partner \(partnerId) has no contact \(contactId)")
        }
        if let email = email.value, contacts.contains(where: { $0.id != contactId && sameEmail($0.email, email) }) {
            throw CommandRejection("contact_exists", "another contact of partner \(partnerId) has this email")
        }
        if isPrimary.value == false, contact.isPrimary {
            throw CommandRejection(
                "primary_contact_required", "contact \(contactId) is the primary contact: make another contact primary instead"
            )
        }
        var event = PartnerContactUpdated(partnerId: partnerId, contactId: contactId)
        if let name = name.value, name != contact.name {
            contact.name = name
            event.name = .set(name)
        }
        if let email = email.value, email != contact.email {
            contact.email = email
            event.email = .set(email)
        }
        event.role = .change(&contact.role, to: role)
        event.phone = .change(&contact.phone, to: phone)
        var saved = [contact]
        if isPrimary.value == true, !contact.isPrimary {
            contact.isPrimary = true
            saved = [contact]
            event.isPrimary = .set(true)
            if let previous = contacts.first(where: \.isPrimary) {
                saved.append(demote(previous))
                event.previousPrimaryContactId = .set(previous.id)
            }
        }
        return ContactOutcome(saved: saved, event: event)
    }

    /// `RemovePartnerContact`. Removing the primary needs another contact
    /// named as the new primary while others remain; the last contact goes
    /// only once the partnership has ended.
    public static func remove(
        _ command: RemovePartnerContact, partner: Partner?, contacts: [PartnerContact]
    ) throws(CommandRejection) -> ContactOutcome<PartnerContactRemoved> {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let contactId = try Field.required(command.contactId, "contactId")
        guard let partner else { throw CommandRejection("unknown_partner", "no partner \(partnerId)") }
        guard let contact = contacts.first(where: { $0.id == contactId }) else {
            throw CommandRejection("unknown_contact", "partner \(partnerId) has no contact \(contactId)")
        }
        let others = contacts.filter { $0.id != contactId }
        guard contact.isPrimary else {
            return ContactOutcome(
                saved: [], removed: contact, event: PartnerContactRemoved(partnerId: partnerId, contactId: contactId, newPrimaryContactId: nil)
            )
        }
        if others.isEmpty {
            guard !partner.isActive else {
                throw CommandRejection(
                    "primary_contact_required",
                    "contact \(contactId) is the last contact of the active partnership \(partnerId): add another contact first"
                )
            }
            return ContactOutcome(
                saved: [], removed: contact, event: PartnerContactRemoved(partnerId: partnerId, contactId: contactId, newPrimaryContactId: nil)
            )
        }
        guard let newId = command.newPrimaryContactId else {
            throw CommandRejection(
                "primary_contact_required", "contact \(contactId) is the primary contact: name newPrimaryContactId, another contact"
            )
        }
        guard var next = others.first(where: { $0.id == newId }) else {
            throw CommandRejection("unknown_contact", "partner \(partnerId) has no other contact \(newId)")
        }
        next.isPrimary = true
        return ContactOutcome(
            saved: [next], removed: contact,
            event: PartnerContactRemoved(partnerId: partnerId, contactId: contactId, newPrimaryContactId: next.id)
        )
    }

    /// Emails are one contact per partner ignoring case (the unique index is on lower(email)).
    static func sameEmail(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

    static func demote(_ contact: PartnerContact) -> PartnerContact {
        var demoted = contact
        demoted.isPrimary = false
        return demoted
    }
}
