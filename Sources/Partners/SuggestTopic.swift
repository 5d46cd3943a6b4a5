public import Identifiers
public import Messaging

/// `partners.SuggestTopic`: a contact of an active partner suggests a topic
/// for BATbern's events. A topic events defines later with the same
/// normalised title (`TopicTitle`) adopts it.
public struct SuggestTopic: Command, Hashable {
    public static let name = "SuggestTopic"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var contactId: Identifier?
    public var title: String?
    public var description: String?

    public init(partnerId: Identifier?, contactId: Identifier?, title: String?, description: String? = nil) {
        self.partnerId = partnerId
        self.contactId = contactId
        self.title = title
        self.description = description
    }
}
