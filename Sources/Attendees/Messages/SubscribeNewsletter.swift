public import Messaging

/// `attendees.SubscribeNewsletter`
public struct SubscribeNewsletter: Command, SharedFields, Hashable {
    public static let name = "SubscribeNewsletter"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public let fields: NewsletterChoice
    public init(_ fields: NewsletterChoice) { self.fields = fields }
}
