public import Identifiers
public import Messaging

/// `attendees.ConfirmAttendance`: the attendee's RSVP (the seed's
/// attendanceConfirmed), not the attendance itself (RecordAttendance).
public struct ConfirmAttendance: Command, Hashable {
    public static let name = "ConfirmAttendance"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public init(registrationId: Identifier) { self.registrationId = registrationId }
}
