public import Identifiers
public import Messaging

/// `partners.RemovePartnerContact`: the contact is erased from partners
/// (row deleted, the outbox rows that carried its name and email deleted,
/// retry and parking queues swept). Removing the primary contact needs
/// `newPrimaryContactId` (another contact of the partner) while others
/// remain; the last contact can be removed only once the partnership has ended.
public struct RemovePartnerContact: Command, Hashable {
    public static let name = "RemovePartnerContact"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var contactId: Identifier?
    public var newPrimaryContactId: Identifier?

    public init(partnerId: Identifier?, contactId: Identifier?, newPrimaryContactId: Identifier? = nil) {
        self.partnerId = partnerId
        self.contactId = contactId
        self.newPrimaryContactId = newPrimaryContactId
    }
}
