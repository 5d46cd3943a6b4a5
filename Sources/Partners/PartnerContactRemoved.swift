public import Identifiers
public import Messaging

/// `partners.PartnerContactRemoved`: the contact is gone from partners
/// (consumers drop what they keep of it). `newPrimaryContactId` is the
/// contact that became primary instead (null when the removed one was not
/// primary, or was the last contact); always present.
public struct PartnerContactRemoved: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnerContactRemoved"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var contactId: Identifier
    public var newPrimaryContactId: Identifier?

    public init(partnerId: Identifier, contactId: Identifier, newPrimaryContactId: Identifier?) {
        self.partnerId = partnerId
        self.contactId = contactId
        self.newPrimaryContactId = newPrimaryContactId
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(contactId, forKey: .contactId)
        try container.encode(newPrimaryContactId, forKey: .newPrimaryContactId)
    }
}
