public import Identifiers
public import Messaging

/// `attendees.WithdrawConsent` (GDPR): registrations for events still ahead
/// are cancelled and only the attendee's identity is kept (docs/attendees.md).
public struct WithdrawConsent: Command, Hashable {
    public static let name = "WithdrawConsent"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public init(attendeeId: Identifier) { self.attendeeId = attendeeId }
}
