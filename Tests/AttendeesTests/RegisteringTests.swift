import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct RegisteringTests {
    let ids = (attendee: Identifier(), registration: Identifier())
    let now = t0.addingTimeInterval(3600)

    func input(_ c: RegisterAttendee = command()) throws -> Validation.RegistrationInput {
        try Validation.register(c)
    }

    @Test func aNewEmailCreatesTheAttendeeAndAsksForASeat() throws {
        let company = Identifier()
        let c = command(companyId: company, newsletter: true, specialRequests: "wheelchair")
        let d = try Registering.decide(try input(c), attendee: nil, registration: nil, newIds: ids, now: now)
        #expect(d.attendeeIsNew)
        #expect(d.attendee.id == ids.attendee)
        #expect(d.attendee.gdprConsentGiven && d.attendee.gdprConsentDate == now)
        #expect(d.attendee.newsletterSubscription)
        let r = d.registration.registration
        #expect(d.registration.before == nil)
        #expect(r.id == ids.registration && r.eventId == c.eventId && r.attendeeId == ids.attendee)
        #expect(r.status == .registered && r.seatRequestedAt == now && r.specialRequests == "wheelchair")
        #expect(
            d.events == [
                .attendeeRegistered(
                    AttendeeRegistered(
                        attendeeId: ids.attendee, email: c.email, companyId: company, firstName: c.firstName, lastName: c.lastName,
                        newsletterSubscription: true
                    )),
                .registrationRequested(RegistrationRequested(registrationId: ids.registration, eventId: c.eventId, attendeeId: ids.attendee)),
            ])
    }

    @Test func aKnownEmailReusesTheAttendeeAndRenewsConsent() throws {
        let known = attendee(email: "anna.muster@example.ch")
        let c = command(email: "ANNA.MUSTER@example.ch", firstName: "Other")
        let d = try Registering.decide(try input(c), attendee: known, registration: nil, newIds: ids, now: now)
        #expect(!d.attendeeIsNew)
        #expect(d.attendee.id == known.id)
        #expect(d.attendee.personal == known.personal, "the profile is not overwritten by a registration")
        #expect(d.attendee.gdprConsentDate == now)
        #expect(d.registration.registration.attendeeId == known.id)
        #expect(
            d.events == [
                .registrationRequested(
                    RegistrationRequested(
                        registrationId: ids.registration, eventId: c.eventId, attendeeId: known.id
                    ))
            ])
    }

    @Test func newsletterIsOnlyChangedWhenGiven() throws {
        var known = attendee()
        known.newsletterSubscription = true
        #expect(
            try Registering.decide(try input(command()), attendee: known, registration: nil, newIds: ids, now: now).attendee.newsletterSubscription)
        #expect(
            try !Registering.decide(try input(command(newsletter: false)), attendee: known, registration: nil, newIds: ids, now: now).attendee
                .newsletterSubscription)
    }

    func again(_ existing: Registration, by known: Attendee) throws -> Registering.Decision {
        try Registering.decide(try input(command(eventId: existing.eventId)), attendee: known, registration: existing, newIds: ids, now: now)
    }

    @Test func aSecondRegistrationAnswersWithTheCurrentState() throws {
        let known = attendee()
        let event = Identifier()
        let cases: [(Registration, AttendeesEvent)] = {
            let pending = registration(.registered, eventId: event, attendeeId: known.id)
            let waiting = registration(.waitlisted, eventId: event, attendeeId: known.id, position: 7)
            let confirmed = registration(.confirmed, eventId: event, attendeeId: known.id)
            let attended = registration(.attended, eventId: event, attendeeId: known.id)
            return [
                (pending, .registrationRequested(RegistrationRequested(registrationId: pending.id, eventId: event, attendeeId: known.id))),
                (
                    waiting,
                    .registrationWaitlisted(RegistrationWaitlisted(registrationId: waiting.id, eventId: event, attendeeId: known.id, position: 7))
                ),
                (confirmed, .registrationConfirmed(RegistrationConfirmed(registrationId: confirmed.id, eventId: event, attendeeId: known.id))),
                (attended, .registrationConfirmed(RegistrationConfirmed(registrationId: attended.id, eventId: event, attendeeId: known.id))),
            ]
        }()
        for (existing, answer) in cases {
            let d = try again(existing, by: known)
            #expect(!d.registration.changesState, "no new row, no change: \(existing.status)")
            #expect(d.registration.registration.id == existing.id)
            #expect(d.events == [answer])
        }
    }

    @Test func aRejectedRegistrationAsksAgainOnTheSameRow() throws {
        let known = attendee()
        let rejected = registration(.rejected, attendeeId: known.id, reason: .registrationClosed)
        let d = try again(rejected, by: known)
        let r = d.registration.registration
        #expect(r.id == rejected.id)
        #expect(r.status == .registered && r.rejectionReason == nil && r.seatRequestedAt == now && r.registrationDate == now)
        #expect(d.events == [r.requested])
    }

    @Test func aCancelledRegistrationIsNotRenewed() throws {
        let known = attendee()
        let cancelled = registration(.cancelled, attendeeId: known.id)
        #expect(rejection { try again(cancelled, by: known) } == "registration_cancelled")
    }
}
