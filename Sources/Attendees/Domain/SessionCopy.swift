public import Identifiers

/// A row of `session_copies`: what attendees knows of one of events' sessions.
public struct SessionCopy: Sendable, Hashable {
    public var sessionId: Identifier
    public var eventId: Identifier
    public var isCancelled: Bool

    public init(sessionId: Identifier, eventId: Identifier, isCancelled: Bool) {
        self.sessionId = sessionId
        self.eventId = eventId
        self.isCancelled = isCancelled
    }
}
