public import Identifiers
public import Messaging

/// `attendees.GetAttendeeProfile`: answered with AttendeeProfileReported.
public struct GetAttendeeProfile: Command, Hashable {
    public static let name = "GetAttendeeProfile"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public init(attendeeId: Identifier) { self.attendeeId = attendeeId }
}
