public import Foundation
public import Identifiers

/// CancelRegistration and RecordAttendance.
public enum RegistrationRules {
    /// Confirmed gives its seat back; waitlisted leaves the queue; pending
    /// just stops. A second cancel is answered again and changes nothing.
    public static func cancel(_ registration: Registration?, id: Identifier, now: Date) throws(Rejection) -> RegistrationDecision {
        guard let registration else { throw unknown(id) }
        switch registration.status {
        case .registered, .waitlisted, .confirmed:
            return cancelOpen(registration, now: now)
        case .cancelled:
            return .unchanged(registration, answer: [registration.cancelled(heldSeat: false)])
        case .attended:
            throw Rejection("registration_attended", "the registration was attended and can no longer be cancelled")
        case .rejected:
            throw Rejection("registration_rejected", "the registration was rejected; there is nothing to cancel")
        }
    }

    /// Cancels a registration that is still open (registered, waitlisted or
    /// confirmed); only a confirmed one held a seat.
    static func cancelOpen(
        _ registration: Registration, now: Date, reason: RegistrationCancellationReason? = nil
    ) -> RegistrationDecision {
        let next = registration.moved(to: .cancelled, at: now)
        return RegistrationDecision(
            before: registration, registration: next,
            waitlist: registration.waitlistPosition.map { .leave(position: $0) },
            events: [next.cancelled(heldSeat: registration.status == .confirmed, reason: reason)]
        )
    }

    /// Only a confirmed registration can be attended. Recording it again
    /// answers with the same fact and changes nothing.
    public static func recordAttendance(
        _ registration: Registration?, id: Identifier, companyId: Identifier?, now: Date
    ) throws(Rejection) -> RegistrationDecision {
        guard let registration else { throw unknown(id) }
        let fact = AttendeesEvent.attendanceRecorded(
            AttendanceRecorded(
                registrationId: registration.id, eventId: registration.eventId, attendeeId: registration.attendeeId,
                companyId: companyId
            ))
        switch registration.status {
        case .confirmed:
            var next = registration.moved(to: .attended, at: now)
            next.actualAttendance = true
            return RegistrationDecision(before: registration, registration: next, events: [fact])
        case .attended:
            return .unchanged(registration, answer: [fact])
        case .registered, .waitlisted, .cancelled, .rejected:
            throw Rejection(
                "registration_not_confirmed",
                "attendance needs a confirmed registration; this one is \(registration.status.rawValue)"
            )
        }
    }

    static func unknown(_ id: Identifier) -> Rejection {
        Rejection("unknown_registration", "no registration \(id)")
    }
}
