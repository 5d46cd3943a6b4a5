public import Foundation
public import Identifiers
public import Messaging

/// `attendees.NewsletterSubscriptionChanged`: the subscription as it stands,
/// with when and through what it last changed. A repeated (un)subscription
/// answers with the same data and changes nothing.
public struct NewsletterSubscriptionChanged: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "NewsletterSubscriptionChanged"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var attendeeId: Identifier
    public var subscribed: Bool
    public var changedAt: Date
    public var source: NewsletterSource

    public init(attendeeId: Identifier, subscribed: Bool, changedAt: Date, source: NewsletterSource) {
        self.attendeeId = attendeeId
        self.subscribed = subscribed
        self.changedAt = changedAt
        self.source = source
    }
}
