public import Foundation
public import Identifiers

/// WithdrawConsent (GDPR). Registrations for events still ahead are
/// cancelled the way CancelRegistration would (seats go back, the waitlist
/// moves); what she gave for the future is erased (position, profile,
/// preferences, newsletter, special requests of those registrations); her
/// identity (email, names, company) stays with her past registrations and
/// engagement, restricted: nothing is done for her until a registration
/// gives consent again. A repeat answers the same withdrawal and changes nothing.
public enum ConsentWithdrawal {
    public struct Decision: Sendable, Hashable {
        /// nil when nothing changes (withdrawn already).
        public var attendee: Attendee?
        public var registrations: [RegistrationDecision]
        public var events: [AttendeesEvent]
    }

    /// - Parameter events: the copies of the registrations' events (missing: not known yet, so still ahead).
    public static func decide(
        _ attendee: Attendee?, id: Identifier, registrations: [Registration], events copies: [Identifier: EventCopy], now: Date
    ) throws(Rejection) -> Decision {
        var next = try AttendeeRules.requireKnown(attendee, id: id)
        if let withdrawnAt = next.consentWithdrawnAt {
            let repeated = ConsentWithdrawn(attendeeId: next.id, withdrawnAt: withdrawnAt, cancelledRegistrationIds: [])
            return Decision(attendee: nil, registrations: [], events: [.consentWithdrawn(repeated)])
        }
        var decisions: [RegistrationDecision] = []
        var events: [AttendeesEvent] = []
        for registration in registrations where registration.attendeeId == next.id && registration.status.isOpen {
            guard isAhead(copies[registration.eventId]) else { continue }
            var decision = RegistrationRules.cancelOpen(registration, now: now, reason: .consentWithdrawn)
            decision.registration.specialRequests = nil
            decisions.append(decision)
            events += decision.events
        }
        next.personal?.position = nil
        next.profile = .empty
        next.preferences = .empty
        if next.newsletterSubscription {
            let change = NewsletterChange(at: now, source: .consentWithdrawn)
            next.newsletterSubscription = false
            next.newsletterChange = change
            events.append(Newsletter.answer(next, change))
        }
        next.gdprConsentGiven = false
        next.gdprConsentDate = nil
        next.consentWithdrawnAt = now
        next.updatedAt = now
        let withdrawn = ConsentWithdrawn(
            attendeeId: next.id, withdrawnAt: now, cancelledRegistrationIds: decisions.map(\.registration.id)
        )
        return Decision(attendee: next, registrations: decisions, events: events + [.consentWithdrawn(withdrawn)])
    }

    /// An event not yet in progress (or not known yet) is still ahead.
    static func isAhead(_ copy: EventCopy?) -> Bool {
        guard let copy else { return true }
        return !EventCopies.closesWaitlist(copy.status) && copy.status != .cancelled
    }
}
