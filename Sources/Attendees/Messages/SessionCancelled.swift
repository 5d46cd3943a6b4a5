public import Identifiers
public import Messaging

/// `events.SessionCancelled`, what attendees' session copy keeps of it.
public struct SessionCancelled: DomainEvent, Hashable {
    public static let name = "SessionCancelled"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var sessionId: Identifier
    public var eventId: Identifier

    public init(sessionId: Identifier, eventId: Identifier) {
        self.sessionId = sessionId
        self.eventId = eventId
    }
}
