public import Identifiers

/// What attendees' session copy reads of events' SessionScheduled and SessionCancelled.
public struct SessionCopyFields: Codable, Sendable, Hashable {
    public var sessionId: Identifier
    public var eventId: Identifier

    public init(sessionId: Identifier, eventId: Identifier) {
        self.sessionId = sessionId
        self.eventId = eventId
    }
}
