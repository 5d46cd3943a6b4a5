public import Foundation
public import Identifiers

/// Session choices (`sessionPreferences` on RegisterAttendee, ChooseSessions).
///
/// A choice asks events for a seat in the session once its registration
/// holds an event seat (confirmed), at once or when it is confirmed. events
/// owns session capacity as it owns event capacity: attendees never refuses
/// a choice because a session looks full.
public enum SessionChoosing {
    /// A registration chooses at most this many sessions (an evening has fewer).
    public static let maxSessions = 20

    /// The ids as chosen, repeats dropped, each a session of the event that
    /// attendees knows of (its copy of events' sessions) and not cancelled.
    public static func check(
        _ ids: [Identifier], eventId: Identifier, sessions: [Identifier: SessionCopy]
    ) throws(Rejection) -> [Identifier] {
        let unique = Validation.unique(ids)
        guard unique.count <= maxSessions else {
            throw Rejection("too_many_sessions", "at most \(maxSessions) sessions per registration")
        }
        for id in unique {
            guard let session = sessions[id], session.eventId == eventId else {
                throw Rejection("unknown_session", "no session \(id) of event \(eventId) is known")
            }
            guard !session.isCancelled else {
                throw Rejection("session_cancelled", "session \(id) is cancelled")
            }
        }
        return unique
    }

    /// ChooseSessions needs an open registration of an attendee with consent.
    public static func requireChoosable(
        _ registration: Registration?, id: Identifier, attendee: Attendee?
    ) throws(Rejection) -> Registration {
        guard let registration else { throw RegistrationRules.unknown(id) }
        _ = try AttendeeRules.requireLive(attendee, id: registration.attendeeId)
        switch registration.status {
        case .registered, .waitlisted, .confirmed: return registration
        case .cancelled: throw Rejection("registration_cancelled", "registration \(id) was cancelled")
        case .attended: throw Rejection("registration_attended", "registration \(id) was attended; its sessions are history")
        case .rejected: throw Rejection("registration_rejected", "registration \(id) was rejected")
        }
    }

    /// The choices become exactly `sessionIds` (checked): new ones, and
    /// those dropped or refused before, ask for a seat (or wait for the event
    /// seat) under the next choice number; dropped ones give theirs back; the
    /// rest stay as they are. Answers `SessionsChosen` first, even when
    /// nothing changes.
    public static func choose(
        _ sessionIds: [Identifier], registration: Registration, current: [SessionChoice], now: Date
    ) -> ChoiceDecision {
        var decision = ChoiceDecision(events: [
            .sessionsChosen(
                SessionsChosen(
                    registrationId: registration.id, eventId: registration.eventId, attendeeId: registration.attendeeId,
                    sessionIds: sessionIds
                ))
        ])
        let wanted = Set(sessionIds)
        for choice in current where !wanted.contains(choice.sessionId) && choice.status != .dropped {
            decision.saved.append(choice.moved(to: .dropped, at: now))
            if choice.status == .requested || choice.status == .reserved {
                decision.events.append(dropped(choice, attendeeId: registration.attendeeId))
            }
        }
        let holdsSeat = registration.status == .confirmed
        for sessionId in sessionIds {
            let existing = current.first { $0.sessionId == sessionId }
            if let existing, [.pending, .requested, .reserved].contains(existing.status) { continue }
            let fresh = SessionChoice(
                registrationId: registration.id, sessionId: sessionId, eventId: registration.eventId,
                choiceNumber: (existing?.choiceNumber ?? 0) + 1, status: holdsSeat ? .requested : .pending, chosenAt: now,
                statusChangedAt: now
            )
            decision.saved.append(fresh)
            if holdsSeat { decision.events.append(requested(fresh, attendeeId: registration.attendeeId)) }
        }
        return decision
    }

    /// The registration now holds an event seat: its pending choices ask for theirs.
    public static func askPending(_ registration: Registration, choices: [SessionChoice], now: Date) -> ChoiceDecision {
        guard registration.status == .confirmed else { return .nothing }
        var decision = ChoiceDecision()
        for choice in choices where choice.status == .pending {
            let next = choice.moved(to: .requested, at: now)
            decision.saved.append(next)
            decision.events.append(requested(next, attendeeId: registration.attendeeId))
        }
        return decision
    }

    static func requested(_ choice: SessionChoice, attendeeId: Identifier) -> AttendeesEvent {
        .sessionSeatRequested(SessionSeatRequested(choice.fields(attendeeId: attendeeId)))
    }

    static func dropped(_ choice: SessionChoice, attendeeId: Identifier) -> AttendeesEvent {
        .sessionChoiceDropped(SessionChoiceDropped(choice.fields(attendeeId: attendeeId)))
    }
}
