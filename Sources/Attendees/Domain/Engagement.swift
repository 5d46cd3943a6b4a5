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

/// RecordContentEngagement: a live attendee with consent engaged with
/// content attendees knows of (a session of events'; materials once events
/// publishes them).
public enum EngagementRules {
    public struct Decision: Sendable, Hashable {
        public var engagement: ContentEngagement
        public var event: AttendeesEvent
    }

    /// - Parameter contentKnown: whether `contentId` is content attendees knows of.
    public static func record(
        _ input: Validation.EngagementInput, attendee: Attendee?, contentKnown: Bool, engagementId: Identifier, now: Date
    ) throws(Rejection) -> Decision {
        let attendee = try AttendeeRules.requireLive(attendee, id: input.attendeeId)
        guard contentKnown else {
            throw Rejection("unknown_content", "no content \(input.contentId) is known (a session of an event, or one of its materials)")
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
