public import Identifiers
public import Messaging

/// `attendees.UnsubscribeNewsletter`
public struct UnsubscribeNewsletter: Command, Hashable {
    public static let name = "UnsubscribeNewsletter"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public var source: NewsletterSource

    public init(attendeeId: Identifier, source: NewsletterSource) {
        self.attendeeId = attendeeId
        self.source = source
    }
}
