public import Identifiers
public import Messaging

/// `partners.PartnerContactAdded`. Carries personal data (name, email,
/// phone): its outbox rows are deleted when the contact is removed.
/// `previousPrimaryContactId` names the contact this one replaced as
/// primary (null when it did not); every member is always present.
public struct PartnerContactAdded: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnerContactAdded"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var contactId: Identifier
    public var name: String
    public var email: String
    public var role: String?
    public var phone: String?
    public var isPrimary: Bool
    public var previousPrimaryContactId: Identifier?

    public init(contact: PartnerContact, previousPrimaryContactId: Identifier?) {
        partnerId = contact.partnerId
        contactId = contact.id
        name = contact.name
        email = contact.email
        role = contact.role
        phone = contact.phone
        isPrimary = contact.isPrimary
        self.previousPrimaryContactId = previousPrimaryContactId
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(contactId, forKey: .contactId)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encode(phone, forKey: .phone)
        try container.encode(isPrimary, forKey: .isPrimary)
        try container.encode(previousPrimaryContactId, forKey: .previousPrimaryContactId)
    }
}
