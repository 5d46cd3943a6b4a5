public import Identifiers

/// What SessionSeatRequested and SessionChoiceDropped both say: a choice of
/// a session by a registration. `choiceNumber` counts the registration's
/// choices of the session (1, 2 … after a drop or a refusal), so events can
/// tell a stale message from a current one.
public struct SessionSeatFields: Codable, Sendable, Hashable {
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
}
