public import Foundation
public import Identifiers

/// EraseAttendee (GDPR): the person disappears from this context.
///
/// Personal columns become NULL (profile and preferences included), consent
/// and newsletter are withdrawn (with the newsletter's last change), special
/// requests are dropped from every registration, and open registrations are
/// cancelled like a CancelRegistration would (so held seats go back and the
/// waitlist moves). Attended, cancelled and rejected registrations stay as
/// anonymous facts. Erasing again answers AttendeeErased and changes nothing.
public enum Erasure {
    public struct Decision: Sendable, Hashable {
        /// nil when nothing changes (already erased).
        public var attendee: Attendee?
        public var registrations: [RegistrationDecision]
        public var events: [AttendeesEvent]
    }

    public static func decide(
        _ attendee: Attendee?, id: Identifier, registrations: [Registration], now: Date
    ) throws(Rejection) -> Decision {
        guard let attendee else {
            throw Rejection("unknown_attendee", "no attendee \(id)")
        }
        let erased = AttendeesEvent.attendeeErased(AttendeeErased(attendeeId: attendee.id))
        guard !attendee.isErased else {
            return Decision(attendee: nil, registrations: [], events: [erased])
        }
        var anonymous = attendee
        anonymous.personal = nil
        anonymous.profile = .empty
        anonymous.preferences = .empty
        anonymous.newsletterSubscription = false
        anonymous.newsletterChange = nil
        anonymous.consentWithdrawnAt = nil
        anonymous.gdprConsentGiven = false
        anonymous.gdprConsentDate = nil
        anonymous.lastLoginAt = nil
        anonymous.erasedAt = now
        anonymous.updatedAt = now

        var decisions: [RegistrationDecision] = []
        var events: [AttendeesEvent] = []
        for registration in registrations where registration.attendeeId == attendee.id {
            var decision =
                registration.status.isOpen
                ? RegistrationRules.cancelOpen(registration, now: now)
                : .unchanged(registration)
            decision.registration.specialRequests = nil
            if decision.changesState {
                decisions.append(decision)
                events += decision.events
            }
        }
        events.append(erased)
        return Decision(attendee: anonymous, registrations: decisions, events: events)
    }
}
