public import Foundation
public import Identifiers

/// RegisterAttendee: find or create the attendee by email (case-insensitive),
/// then open a registration for the event, or answer with the one there is.
public enum Registering {
    public struct Decision: Sendable, Hashable {
        public var attendee: Attendee
        /// Insert rather than update.
        public var attendeeIsNew: Bool
        public var registration: RegistrationDecision
        /// Everything to publish, in order.
        public var events: [AttendeesEvent]
    }

    /// - Parameters:
    ///   - attendee: the live attendee with this email, if any.
    ///   - registration: that attendee's registration for the event, if any.
    ///   - newIds: ids for the rows this decision may create.
    public static func decide(
        _ input: Validation.RegistrationInput, attendee: Attendee?, registration: Registration?,
        newIds: (attendee: Identifier, registration: Identifier), now: Date
    ) throws(Rejection) -> Decision {
        var events: [AttendeesEvent] = []
        let person: Attendee
        let isNew: Bool
        if var known = attendee, !known.isErased {
            // The profile stays as it is; each registration renews the consent
            // (also after a withdrawal: from now on she is served again).
            known.gdprConsentGiven = true
            known.gdprConsentDate = now
            known.consentWithdrawnAt = nil
            if let newsletter = input.newsletterSubscription, newsletter != known.newsletterSubscription {
                let change = NewsletterChange(at: now, source: .registration)
                known.newsletterSubscription = newsletter
                known.newsletterChange = change
                events.append(Newsletter.answer(known, change))
            }
            known.updatedAt = now
            person = known
            isNew = false
        } else {
            person = Attendee(
                id: newIds.attendee, personal: input.personal,
                newsletterSubscription: input.newsletterSubscription ?? false,
                newsletterChange: input.newsletterSubscription == true ? NewsletterChange(at: now, source: .registration) : nil,
                gdprConsentGiven: true, gdprConsentDate: now, createdAt: now, updatedAt: now
            )
            isNew = true
            events.append(
                .attendeeRegistered(
                    AttendeeRegistered(
                        attendeeId: person.id, email: input.personal.email, companyId: input.personal.companyId,
                        firstName: input.personal.firstName, lastName: input.personal.lastName,
                        newsletterSubscription: person.newsletterSubscription
                    )))
        }

        let decision: RegistrationDecision
        if let existing = isNew ? nil : registration {
            decision = try again(existing, input: input, now: now)
        } else {
            let fresh = Registration(
                id: newIds.registration, eventId: input.eventId, attendeeId: person.id, registrationDate: now,
                status: .registered, specialRequests: input.specialRequests, seatRequestedAt: now, statusChangedAt: now
            )
            decision = RegistrationDecision(before: nil, registration: fresh, events: [fresh.requested])
        }
        events += decision.events
        return Decision(attendee: person, attendeeIsNew: isNew, registration: decision, events: events)
    }

    /// A second registration for the same event and attendee: no new row and
    /// no second seat; the answer is the registration's current state.
    static func again(_ existing: Registration, input: Validation.RegistrationInput, now: Date) throws(Rejection) -> RegistrationDecision {
        switch existing.status {
        case .registered:
            // Still waiting: ask again. events answers per registration, so a
            // second request never takes a second seat.
            return .unchanged(existing, answer: [existing.requested])
        case .waitlisted:
            guard let position = existing.waitlistPosition else { return .unchanged(existing) }
            return .unchanged(existing, answer: [existing.waitlisted(at: position)])
        case .confirmed, .attended:
            return .unchanged(existing, answer: [existing.confirmed])
        case .rejected:
            // A refusal (not open yet, deadline passed) says nothing about a
            // later try: the same row asks for a seat again.
            var retry = existing.moved(to: .registered, at: now)
            retry.registrationDate = now
            retry.seatRequestedAt = now
            if let requests = input.specialRequests { retry.specialRequests = requests }
            return RegistrationDecision(before: existing, registration: retry, events: [retry.requested])
        case .cancelled:
            throw Rejection(
                "registration_cancelled",
                "registration \(existing.id) for this event was cancelled and cannot be renewed"
            )
        }
    }
}
