public import Identifiers
public import Messaging

/// `events.SessionScheduled`, as far as partners reads it: which event a
/// session belongs to, so engagement with it counts for that event in the
/// partner report.
public struct SessionScheduledNotice: DomainEvent, Hashable {
    public static let name = "SessionScheduled"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var sessionId: Identifier
    public var eventId: Identifier

    public init(sessionId: Identifier, eventId: Identifier) {
        self.sessionId = sessionId
        self.eventId = eventId
    }
}
