public import Foundation

/// The attendees side of the seat saga: what events' answers do to a
/// registration, and who asks for a freed seat.
public enum SeatSaga {
    /// events holds a seat for the registration.
    public static func seatReserved(_ registration: Registration, now: Date) -> RegistrationDecision {
        switch registration.status {
        case .registered, .rejected:
            // rejected: a duplicate request outran the refusal; the seat is real.
            let next = registration.moved(to: .confirmed, at: now)
            return RegistrationDecision(before: registration, registration: next, events: [next.confirmed])
        case .waitlisted:
            let next = registration.moved(to: .confirmed, at: now)
            return RegistrationDecision(
                before: registration, registration: next,
                waitlist: registration.waitlistPosition.map { .leave(position: $0) }, events: [next.confirmed]
            )
        case .confirmed, .attended:
            // The same seat announced again.
            return .unchanged(registration)
        case .cancelled:
            // Cancelled while the request was in flight: give the seat back.
            return .unchanged(registration, answer: [registration.cancelled(heldSeat: true)])
        }
    }

    /// events refused a seat. `waitlistLength` is the event's queue length,
    /// read under the event's waitlist lock.
    public static func seatRejected(
        _ registration: Registration, reason: SeatRejectionReason, waitlistLength: Int, now: Date
    ) -> RegistrationDecision {
        switch registration.status {
        case .registered:
            if let rejection = RegistrationRejectionReason(seatRejection: reason) {
                var next = registration.moved(to: .rejected, at: now)
                next.rejectionReason = rejection
                return RegistrationDecision(before: registration, registration: next, events: [next.rejected(rejection)])
            }
            let position = waitlistLength + 1
            var next = registration.moved(to: .waitlisted, at: now)
            next.waitlistPosition = position
            return RegistrationDecision(
                before: registration, registration: next, waitlist: .join(position: position),
                events: [next.waitlisted(at: position)]
            )
        case .waitlisted:
            // A freed seat went to someone else (or the event closed meanwhile):
            // keep the place in the queue; the next SeatReleased asks again.
            var next = registration
            next.seatRequestedAt = nil
            return RegistrationDecision(before: registration, registration: next)
        case .confirmed, .attended, .cancelled, .rejected:
            // Answer to a duplicate request; the first answer counted.
            return .unchanged(registration)
        }
    }

    /// The registration that asks for a freed seat: the oldest waitlisted one
    /// not already asking. `waitlisted` is the event's queue in any order.
    public static func nextToAsk(_ waitlisted: [Registration]) -> Registration? {
        waitlisted
            .filter { $0.status == .waitlisted && $0.seatRequestedAt == nil }
            .min { ($0.waitlistPosition ?? .max) < ($1.waitlistPosition ?? .max) }
    }

    /// SeatReleased: ask for the seat on behalf of `candidate` (from `nextToAsk`).
    /// It stays waitlisted, in place, until events answers.
    public static func askSeat(for candidate: Registration, now: Date) -> RegistrationDecision {
        guard candidate.status == .waitlisted, candidate.seatRequestedAt == nil else { return .unchanged(candidate) }
        var next = candidate
        next.seatRequestedAt = now
        return RegistrationDecision(before: candidate, registration: next, events: [next.requested])
    }

    /// Offers freed seats nobody has asked for yet (`unclaimed`) to the queue:
    /// the oldest waitlisted registration not already asking asks for one.
    ///
    /// A SeatReleased handled while no one could ask (the refusal that
    /// waitlists someone can be taken after the release that would serve
    /// them: competing consumers, retries) leaves an unclaimed seat, offered
    /// as soon as someone can ask. An unclaimed seat that a new registration
    /// took meanwhile costs one refused request, never a second seat; the
    /// count never exceeds `capacity` (when the event copy knows it).
    public static func offer(
        unclaimed: Int, capacity: Int?, to waitlisted: [Registration], now: Date
    ) -> (decision: RegistrationDecision?, unclaimed: Int) {
        let seats = max(0, min(unclaimed, capacity ?? unclaimed))
        guard seats > 0, let candidate = nextToAsk(waitlisted) else { return (nil, seats) }
        return (askSeat(for: candidate, now: now), seats - 1)
    }

    /// Offers several seats at once (a raised capacity): one `offer` per
    /// seat, front of the queue first, until the seats or the registrations
    /// that could ask run out.
    public static func offerAll(
        unclaimed: Int, capacity: Int?, to waitlisted: [Registration], now: Date
    ) -> (decisions: [RegistrationDecision], unclaimed: Int) {
        var queue = waitlisted
        var seats = unclaimed
        var decisions: [RegistrationDecision] = []
        while true {
            let offered = offer(unclaimed: seats, capacity: capacity, to: queue, now: now)
            seats = offered.unclaimed
            guard let decision = offered.decision else { break }
            decisions.append(decision)
            queue = queue.map { $0.id == decision.registration.id ? decision.registration : $0 }
        }
        return (decisions, seats)
    }

    /// What registration's close tells the waitlist: one `WaitlistClosed`
    /// per waitlisted registration, front first.
    public static func waitlistClosed(_ waitlisted: [Registration]) -> [WaitlistClosed] {
        waitlisted
            .filter { $0.status == .waitlisted }
            .compactMap { registration in
                registration.waitlistPosition.map {
                    WaitlistClosed(
                        registrationId: registration.id, eventId: registration.eventId, attendeeId: registration.attendeeId, position: $0
                    )
                }
            }
            .sorted { $0.position < $1.position }
    }

    /// The event left registration for good (in progress, completed,
    /// archived): whoever is still waitlisted is rejected as closed. Last in
    /// the queue first, so no one behind has to move up.
    public static func closeWaitlist(_ waitlisted: [Registration], now: Date) -> [RegistrationDecision] {
        waitlisted
            .filter { $0.status == .waitlisted }
            .sorted { ($0.waitlistPosition ?? 0) > ($1.waitlistPosition ?? 0) }
            .map { registration in
                var next = registration.moved(to: .rejected, at: now)
                next.rejectionReason = .registrationClosed
                return RegistrationDecision(
                    before: registration, registration: next,
                    waitlist: registration.waitlistPosition.map { .leave(position: $0) },
                    events: [next.rejected(.registrationClosed)]
                )
            }
    }
}

extension RegistrationRejectionReason {
    /// nil for `event_full`, which waitlists instead.
    public init?(seatRejection: SeatRejectionReason) {
        switch seatRejection {
        case .eventFull: return nil
        case .registrationClosed: self = .registrationClosed
        case .deadlinePassed: self = .deadlinePassed
        case .unknownEvent: self = .unknownEvent
        }
    }
}
