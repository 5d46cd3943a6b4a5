public import Foundation

/// A row of `content_engagement`.
public struct ContentEngagement: Sendable, Hashable {
    public var id: UUID
    public var attendeeId: UUID
    public var contentType: String
    public var contentId: UUID
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
        _ input: Validation.EngagementInput, attendee: Attendee?, engagementId: UUID, now: Date
    ) throws(Rejection) -> Decision {
        guard let attendee else {
            throw Rejection("unknown_attendee", "no attendee \(input.attendeeId.uuidString.lowercased())")
        }
        guard !attendee.isErased else {
            throw Rejection("attendee_erased", "attendee \(attendee.id.uuidString.lowercased()) was erased")
        }
        let engagement = ContentEngagement(
            id: engagementId, attendeeId: attendee.id, contentType: input.contentType, contentId: input.contentId,
            engagementType: input.engagementType, engagementValue: input.engagementValue, engagedAt: now
        )
        let event = AttendeesEvent.contentEngaged(ContentEngaged(
            engagementId: engagementId, attendeeId: attendee.id, companyId: attendee.companyId,
            contentType: input.contentType, contentId: input.contentId, engagementType: input.engagementType,
            engagementValue: input.engagementValueNumber, engagedAt: now
        ))
        return Decision(engagement: engagement, event: event)
    }
}
