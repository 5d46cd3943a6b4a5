public import Foundation
public import Identifiers

/// A row of `content_engagement`.
public struct ContentEngagement: Sendable, Hashable {
    public var id: Identifier
    public var attendeeId: Identifier
    public var contentType: String
    public var contentId: Identifier
    public var engagementType: String
    public var engagementValue: Decimal?
    public var engagedAt: Date
}

/// RecordContentEngagement: a live attendee engaged with some content.
public enum EngagementRules {
    public struct Decision: Sendable, Hashable {
        public var engagement: ContentEngagement
        public var event: AttendeesEvent
    }

    public static func record(
        _ input: Validation.EngagementInput, attendee: Attendee?, engagementId: Identifier, now: Date
    ) throws(Rejection) -> Decision {
        guard let attendee else {
            throw Rejection("unknown_attendee", "no attendee \(input.attendeeId)")
        }
        guard !attendee.isErased else {
            throw Rejection("attendee_erased", "attendee \(attendee.id) was erased")
        }
        let engagement = ContentEngagement(
            id: engagementId, attendeeId: attendee.id, contentType: input.contentType, contentId: input.contentId,
            engagementType: input.engagementType, engagementValue: input.engagementValue, engagedAt: now
        )
        let event = AttendeesEvent.contentEngaged(
            ContentEngaged(
                engagementId: engagementId, attendeeId: attendee.id, companyId: attendee.companyId,
                contentType: input.contentType, contentId: input.contentId, engagementType: input.engagementType,
                engagementValue: input.engagementValueNumber, engagedAt: now
            ))
        return Decision(engagement: engagement, event: event)
    }
}
