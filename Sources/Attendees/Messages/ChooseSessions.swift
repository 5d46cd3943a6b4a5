public import Identifiers
public import Messaging

/// `attendees.ChooseSessions`: the registration's session choices become
/// exactly `sessionIds` (the seed's sessionPreferences); `[]` drops them all.
public struct ChooseSessions: Command, Hashable {
    public static let name = "ChooseSessions"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public var sessionIds: [Identifier]

    public init(registrationId: Identifier, sessionIds: [Identifier]) {
        self.registrationId = registrationId
        self.sessionIds = sessionIds
    }
}
