import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct ConsentWithdrawalTests {
    let now = t0.addingTimeInterval(3600)

    func copy(_ event: Identifier, _ status: EventStatus) -> EventCopy {
        EventCopy(
            eventId: event, eventNumber: 1, title: "BATbern", eventDate: t0 + 86_400, registrationDeadline: t0, venueCapacity: 10,
            status: status, statusChangedAt: t0
        )
    }

    @Test func registrationsAheadAreCancelledAndOnlyTheIdentityStays() throws {
        var person = attendee(companyId: Identifier())
        person.personal?.position = "CTO"
        person.profile = AttendeeProfile(bio: "bio", interests: ["Swift"], experienceLevel: .expert)
        person.preferences = ContentPreferences(topics: ["Cloud"], sessionTypes: [.workshop], language: .de)
        person.newsletterSubscription = true
        let ahead = Identifier()
        let unknown = Identifier()
        let running = Identifier()
        let confirmed = registration(.confirmed, eventId: ahead, attendeeId: person.id, specialRequests: "vegan")
        let waiting = registration(.waitlisted, eventId: unknown, attendeeId: person.id, position: 3)
        let today = registration(.confirmed, eventId: running, attendeeId: person.id)
        let attended = registration(.attended, eventId: Identifier(), attendeeId: person.id)
        let d = try ConsentWithdrawal.decide(
            person, id: person.id, registrations: [confirmed, waiting, today, attended],
            events: [ahead: copy(ahead, .registrationOpen), running: copy(running, .inProgress)], now: now
        )
        // Ahead (or not known yet): cancelled as CancelRegistration would, with the reason.
        #expect(d.registrations.map(\.registration.id) == [confirmed.id, waiting.id])
        #expect(d.registrations.allSatisfy { $0.registration.status == .cancelled && $0.registration.specialRequests == nil })
        #expect(d.registrations[1].waitlist == .leave(position: 3))
        #expect(
            d.events.prefix(2)
                == [
                    confirmed.cancelled(heldSeat: true, reason: .consentWithdrawn), waiting.cancelled(heldSeat: false, reason: .consentWithdrawn),
                ])
        // Restricted: identity and company kept, the rest gone.
        let restricted = try #require(d.attendee)
        #expect(restricted.personal?.email == person.personal?.email && restricted.personal?.companyId == person.companyId)
        #expect(restricted.personal?.position == nil && restricted.profile == .empty && restricted.preferences == .empty)
        #expect(!restricted.gdprConsentGiven && restricted.gdprConsentDate == nil && restricted.consentWithdrawnAt == now)
        #expect(!restricted.newsletterSubscription && restricted.newsletterChange == NewsletterChange(at: now, source: .consentWithdrawn))
        #expect(
            d.events.suffix(2)
                == [
                    .newsletterSubscriptionChanged(
                        NewsletterSubscriptionChanged(attendeeId: person.id, subscribed: false, changedAt: now, source: .consentWithdrawn)),
                    .consentWithdrawn(
                        ConsentWithdrawn(attendeeId: person.id, withdrawnAt: now, cancelledRegistrationIds: [confirmed.id, waiting.id])),
                ])

        // A repeat answers the first withdrawal and changes nothing.
        let again = try ConsentWithdrawal.decide(restricted, id: person.id, registrations: [], events: [:], now: now + 60)
        #expect(again.attendee == nil && again.registrations.isEmpty)
        #expect(again.events == [.consentWithdrawn(ConsentWithdrawn(attendeeId: person.id, withdrawnAt: now, cancelledRegistrationIds: []))])
    }

    @Test func aRegistrationWithConsentLiftsTheRestriction() throws {
        let restricted = try #require(
            try ConsentWithdrawal.decide(attendee(), id: Identifier(), registrations: [], events: [:], now: t0).attendee)
        let ids = (attendee: Identifier(), registration: Identifier())
        let d = try Registering.decide(try Validation.register(command()), attendee: restricted, registration: nil, newIds: ids, now: now)
        #expect(!d.attendeeIsNew && d.attendee.id == restricted.id)
        #expect(d.attendee.gdprConsentGiven && d.attendee.gdprConsentDate == now && !d.attendee.isRestricted)
        // Without consent a registration is refused as always.
        #expect(rejection { try Validation.register(command(gdprConsent: false)) } == "gdpr_consent_required")
    }

    @Test func unknownAndErasedAttendeesAreRefused() throws {
        #expect(rejection { try ConsentWithdrawal.decide(nil, id: Identifier(), registrations: [], events: [:], now: now) } == "unknown_attendee")
        let erased = try #require(try Erasure.decide(attendee(), id: Identifier(), registrations: [], now: t0).attendee)
        #expect(rejection { try ConsentWithdrawal.decide(erased, id: erased.id, registrations: [], events: [:], now: now) } == "attendee_erased")
    }

    @Test func erasingARestrictedAttendeeLeavesNothing() throws {
        let restricted = try #require(
            try ConsentWithdrawal.decide(attendee(), id: Identifier(), registrations: [], events: [:], now: t0).attendee)
        let erased = try #require(try Erasure.decide(restricted, id: restricted.id, registrations: [], now: now).attendee)
        #expect(erased.personal == nil && erased.newsletterChange == nil && erased.consentWithdrawnAt == nil)
    }
}
