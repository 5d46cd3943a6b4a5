public import Identifiers

/// What SubscribeNewsletter and UnsubscribeNewsletter both say.
public struct NewsletterChoice: Codable, Sendable, Hashable {
    public var attendeeId: Identifier
    public var source: NewsletterSource

    public init(attendeeId: Identifier, source: NewsletterSource) {
        self.attendeeId = attendeeId
        self.source = source
    }
}
