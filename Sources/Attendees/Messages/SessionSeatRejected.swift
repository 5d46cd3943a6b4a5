public import Identifiers
public import Messaging

/// `events.SessionSeatRejected`, as attendees reads it; a reason it does not
/// know does not decode and is parked.
public struct SessionSeatRejected: DomainEvent, Hashable {
    public static let name = "SessionSeatRejected"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var choiceNumber: Int
    public var reason: SessionSeatRejectionReason

    public init(
        registrationId: Identifier, eventId: Identifier, sessionId: Identifier, choiceNumber: Int, reason: SessionSeatRejectionReason
    ) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.choiceNumber = choiceNumber
        self.reason = reason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        registrationId = try container.decode(Identifier.self, forKey: .registrationId)
        eventId = try container.decode(Identifier.self, forKey: .eventId)
        sessionId = try container.decode(Identifier.self, forKey: .sessionId)
        choiceNumber = try ChoiceNumber.decode(container, forKey: .choiceNumber)
        reason = try container.decode(SessionSeatRejectionReason.self, forKey: .reason)
    }
}
