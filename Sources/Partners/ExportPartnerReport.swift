public import Identifiers
public import Messaging

/// `partners.ExportPartnerReport`: the partner portal's report of one
/// partner, over every event or, with `eventId`, that one event.
public struct ExportPartnerReport: Command, Hashable {
    public static let name = "ExportPartnerReport"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var eventId: Identifier?

    public init(partnerId: Identifier?, eventId: Identifier? = nil) {
        self.partnerId = partnerId
        self.eventId = eventId
    }
}
