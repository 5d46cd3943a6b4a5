public import Identifiers
public import Messaging

/// `events.EventCancelled`: what speakers reads of it.
public struct EventCancelled: DomainEvent, Equatable {
    public static let name = "EventCancelled"
    public static let context = "events"
    public static let aggregateType = "Event"

    public var eventId: Identifier

    public init(eventId: Identifier) {
        self.eventId = eventId
    }
}
