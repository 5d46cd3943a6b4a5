public import Foundation

/// What events holds for one registration.
public enum SeatHolding: Sendable, Equatable {
    case held
    /// The registration was cancelled (its seat, if it had one, is free).
    case released
}

public enum SeatRejectionReason: String, Sendable, CaseIterable {
    case eventFull = "event_full"
    case registrationClosed = "registration_closed"
    case deadlinePassed = "deadline_passed"
    case unknownEvent = "unknown_event"
}

public enum ReservationDecision: Sendable, Equatable {
    /// Take a seat: the event's count becomes `count`.
    case reserve(count: Int)
    /// The registration already holds a seat: answer again, take nothing.
    case alreadyHeld(count: Int)
    case reject(SeatRejectionReason)
    /// The registration was cancelled before its request arrived: no seat,
    /// no answer (attendees no longer waits for one).
    case ignore
}

public enum ReleaseDecision: Sendable, Equatable {
    /// Free the seat: the event's count becomes `count`.
    case release(count: Int)
    /// No seat was ever taken: remember the cancellation so a request
    /// delivered late does not take one.
    case remember
    /// Already cancelled, or an event events does not know.
    case ignore
}

/// Seat keeping for the registration saga. The event row is locked while
/// these run, so `event.currentAttendeeCount` is the number of seats held.
public enum Seats {
    /// A seat only while registration is open, before the deadline and below
    /// capacity; the first failing rule names the reason.
    public static func reserve(event: Event?, holding: SeatHolding?, now: Date) -> ReservationDecision {
        switch holding {
        case .held: return .alreadyHeld(count: event?.currentAttendeeCount ?? 0)
        case .released: return .ignore
        case nil: break
        }
        guard let event else { return .reject(.unknownEvent) }
        guard event.status == .registrationOpen else { return .reject(.registrationClosed) }
        guard now < event.registrationDeadline else { return .reject(.deadlinePassed) }
        guard event.currentAttendeeCount < event.venueCapacity else { return .reject(.eventFull) }
        return .reserve(count: event.currentAttendeeCount + 1)
    }

    /// Frees whatever the registration holds. Attendees' `heldSeat` is not
    /// trusted: a seat granted while the cancellation was on its way is
    /// freed too.
    public static func release(event: Event?, holding: SeatHolding?) -> ReleaseDecision {
        guard let event else { return .ignore }
        switch holding {
        case .held: return .release(count: max(event.currentAttendeeCount - 1, 0))
        case .released: return .ignore
        case nil: return .remember
        }
    }
}
