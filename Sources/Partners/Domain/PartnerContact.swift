public import Identifiers

/// A contact person of a partner (the `partner_contacts` row). Name, email
/// and phone are personal data: never in logs or rejection messages.
public struct PartnerContact: Sendable, Hashable {
    public var id: Identifier
    public var partnerId: Identifier
    public var name: String
    public var email: String
    public var role: String?
    public var phone: String?
    public var isPrimary: Bool

    public init(
        id: Identifier, partnerId: Identifier, name: String, email: String, role: String? = nil, phone: String? = nil,
        isPrimary: Bool
    ) {
        self.id = id
        self.partnerId = partnerId
        self.name = name
        self.email = email
        self.role = role
        self.phone = phone
        self.isPrimary = isPrimary
    }
}
