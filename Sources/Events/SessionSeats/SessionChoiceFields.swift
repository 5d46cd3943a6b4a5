public import Identifiers

/// What events reads of attendees' SessionSeatRequested and
/// SessionChoiceDropped: one choice of a session by a registration.
/// `choiceNumber` counts the attendee's choices of the session (1, 2 …): one smaller than
/// the seat row's is stale.
public struct SessionChoiceFields: Codable, Sendable, Equatable {
    public var registrationId: Identifier
    public var eventId: Identifier
    public var sessionId: Identifier
    public var attendeeId: Identifier
    public var choiceNumber: Int

    public init(registrationId: Identifier, eventId: Identifier, sessionId: Identifier, attendeeId: Identifier, choiceNumber: Int) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.sessionId = sessionId
        self.attendeeId = attendeeId
        self.choiceNumber = choiceNumber
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        registrationId = try container.decode(Identifier.self, forKey: .registrationId)
        eventId = try container.decode(Identifier.self, forKey: .eventId)
        sessionId = try container.decode(Identifier.self, forKey: .sessionId)
        attendeeId = try container.decode(Identifier.self, forKey: .attendeeId)
        choiceNumber = try ChoiceNumber.decode(container, forKey: .choiceNumber)
    }
}
