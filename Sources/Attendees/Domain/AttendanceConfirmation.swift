public import Foundation
public import Identifiers

/// ConfirmAttendance: the attendee's RSVP for a registration that holds a
/// seat. A repeat answers with the first confirmation's time.
public enum AttendanceConfirmation {
    public static func confirm(
        _ registration: Registration?, id: Identifier, attendee: Attendee?, now: Date
    ) throws(Rejection) -> RegistrationDecision {
        guard let registration else { throw RegistrationRules.unknown(id) }
        _ = try AttendeeRules.requireLive(attendee, id: registration.attendeeId)
        if registration.attendanceConfirmed, let at = registration.attendanceConfirmedAt,
            registration.status == .confirmed || registration.status == .attended
        {
            return .unchanged(registration, answer: [answer(registration, at: at)])
        }
        switch registration.status {
        case .confirmed:
            var next = registration
            next.attendanceConfirmed = true
            next.attendanceConfirmedAt = now
            return RegistrationDecision(before: registration, registration: next, events: [answer(next, at: now)])
        case .attended:
            throw Rejection("registration_attended", "registration \(id) was attended already")
        case .registered, .waitlisted, .cancelled, .rejected:
            throw Rejection(
                "registration_not_confirmed", "an RSVP needs a confirmed registration; this one is \(registration.status.rawValue)"
            )
        }
    }

    static func answer(_ registration: Registration, at: Date) -> AttendeesEvent {
        .attendanceConfirmed(
            AttendanceConfirmed(
                registrationId: registration.id, eventId: registration.eventId, attendeeId: registration.attendeeId, confirmedAt: at
            ))
    }
}
