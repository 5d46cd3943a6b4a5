public import Foundation
public import Identifiers

/// SubscribeNewsletter and UnsubscribeNewsletter. The answer is the
/// subscription as it stands with when and through what it last changed, so
/// a repeat changes nothing and answers the same.
public enum Newsletter {
    public struct Decision: Sendable, Hashable {
        /// nil when nothing changes.
        public var attendee: Attendee?
        public var event: AttendeesEvent
    }

    public static func change(
        _ attendee: Attendee?, id: Identifier, subscribe: Bool, source: NewsletterSource, now: Date
    ) throws(Rejection) -> Decision {
        guard source != .consentWithdrawn else {
            throw Rejection("invalid_source", "consent_withdrawn is not a source a command can name")
        }
        // Unsubscribing needs no consent: a restricted attendee may always say no.
        var next = subscribe ? try AttendeeRules.requireLive(attendee, id: id) : try AttendeeRules.requireKnown(attendee, id: id)
        if next.newsletterSubscription == subscribe, let last = next.newsletterChange {
            return Decision(attendee: nil, event: answer(next, last))
        }
        let change = NewsletterChange(at: now, source: source)
        next.newsletterSubscription = subscribe
        next.newsletterChange = change
        next.updatedAt = now
        return Decision(attendee: next, event: answer(next, change))
    }

    static func answer(_ attendee: Attendee, _ change: NewsletterChange) -> AttendeesEvent {
        .newsletterSubscriptionChanged(
            NewsletterSubscriptionChanged(
                attendeeId: attendee.id, subscribed: attendee.newsletterSubscription, changedAt: change.at, source: change.source
            ))
    }
}
