public import Foundation
public import Identifiers
public import Messaging

/// `attendees.AttendanceConfirmed`: the attendee's RSVP; a repeat answers the same.
public struct AttendanceConfirmed: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "AttendanceConfirmed"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"
    public var aggregateId: Identifier { registrationId }

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var confirmedAt: Date

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, confirmedAt: Date) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.confirmedAt = confirmedAt
    }
}
