public import Identifiers
public import Messaging

/// `events.SessionSeatReserved`, as attendees reads it.
public struct SessionSeatReserved: DomainEvent, Hashable {
    public static let name = "SessionSeatReserved"
    public static let context = "events"
    public static let aggregateType = "Session"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var choiceNumber: Int

    public init(registrationId: Identifier, eventId: Identifier, sessionId: Identifier, choiceNumber: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.choiceNumber = choiceNumber
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        registrationId = try container.decode(Identifier.self, forKey: .registrationId)
        eventId = try container.decode(Identifier.self, forKey: .eventId)
        sessionId = try container.decode(Identifier.self, forKey: .sessionId)
        choiceNumber = try ChoiceNumber.decode(container, forKey: .choiceNumber)
    }
}
