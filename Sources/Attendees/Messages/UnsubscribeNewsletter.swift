public import Messaging

/// `attendees.UnsubscribeNewsletter`
public struct UnsubscribeNewsletter: Command, SharedFields, Hashable {
    public static let name = "UnsubscribeNewsletter"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public let fields: NewsletterChoice
    public init(_ fields: NewsletterChoice) { self.fields = fields }
}
