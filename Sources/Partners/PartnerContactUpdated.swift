public import Identifiers
public import Messaging

/// `partners.PartnerContactUpdated`: the fields of a contact that changed
/// (a cleared role or phone is null, an unchanged field absent). When the
/// contact became primary, `isPrimary` is true and `previousPrimaryContactId`
/// names the contact that stopped being primary in the same event.
public struct PartnerContactUpdated: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnerContactUpdated"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var contactId: Identifier
    public var name: Patch<String>
    public var email: Patch<String>
    public var role: Patch<String>
    public var phone: Patch<String>
    public var isPrimary: Patch<Bool>
    public var previousPrimaryContactId: Patch<Identifier>

    public init(
        partnerId: Identifier, contactId: Identifier, name: Patch<String> = .unchanged, email: Patch<String> = .unchanged,
        role: Patch<String> = .unchanged, phone: Patch<String> = .unchanged, isPrimary: Patch<Bool> = .unchanged,
        previousPrimaryContactId: Patch<Identifier> = .unchanged
    ) {
        self.partnerId = partnerId
        self.contactId = contactId
        self.name = name
        self.email = email
        self.role = role
        self.phone = phone
        self.isPrimary = isPrimary
        self.previousPrimaryContactId = previousPrimaryContactId
    }
}
