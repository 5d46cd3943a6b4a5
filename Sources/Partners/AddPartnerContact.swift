public import Identifiers
public import Messaging

/// `partners.AddPartnerContact`. The partner's first contact becomes its
/// primary one whatever `isPrimary` says; `isPrimary: true` on a later one
/// makes it primary and the old primary an ordinary contact.
public struct AddPartnerContact: Command, Hashable {
    public static let name = "AddPartnerContact"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    /// Optional: a client may choose the id (a retry then meets `contact_exists`).
    public var contactId: Identifier?
    public var name: String?
    public var email: String?
    public var role: String?
    public var phone: String?
    public var isPrimary: Bool?

    public init(
        partnerId: Identifier?, contactId: Identifier? = nil, name: String?, email: String?, role: String? = nil, phone: String? = nil,
        isPrimary: Bool? = nil
    ) {
        self.partnerId = partnerId
        self.contactId = contactId
        self.name = name
        self.email = email
        self.role = role
        self.phone = phone
        self.isPrimary = isPrimary
    }
}
