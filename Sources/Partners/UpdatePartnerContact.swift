public import Identifiers
public import Messaging

/// `partners.UpdatePartnerContact`: each member a patch (absent unchanged,
/// null cleared, a value set). `role` and `phone` can be cleared, `name`,
/// `email` and `isPrimary` not. `isPrimary: true` makes the contact primary
/// (the old primary becomes an ordinary contact in the same event);
/// `isPrimary: false` on the primary is refused: name another primary instead.
public struct UpdatePartnerContact: Command, Hashable {
    public static let name = "UpdatePartnerContact"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var contactId: Identifier?
    public var name: Patch<String>
    public var email: Patch<String>
    public var role: Patch<String>
    public var phone: Patch<String>
    public var isPrimary: Patch<Bool>

    public init(
        partnerId: Identifier?, contactId: Identifier?, name: Patch<String> = .unchanged, email: Patch<String> = .unchanged,
        role: Patch<String> = .unchanged, phone: Patch<String> = .unchanged, isPrimary: Patch<Bool> = .unchanged
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
