import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct NewsletterTests {
    let now = t0.addingTimeInterval(3600)

    @Test func subscribingRecordsTimeAndSourceAndARepeatAnswersTheSame() throws {
        let person = attendee()
        let first = try Newsletter.change(person, id: person.id, subscribe: true, source: .website, now: now)
        let subscribed = try #require(first.attendee)
        #expect(subscribed.newsletterSubscription && subscribed.newsletterChange == NewsletterChange(at: now, source: .website))
        let answer = AttendeesEvent.newsletterSubscriptionChanged(
            NewsletterSubscriptionChanged(attendeeId: person.id, subscribed: true, changedAt: now, source: .website))
        #expect(first.event == answer)
        let repeated = try Newsletter.change(subscribed, id: person.id, subscribe: true, source: .emailLink, now: now + 60)
        #expect(repeated.attendee == nil, "a repeat changes nothing")
        #expect(repeated.event == answer, "and answers the same")

        let off = try Newsletter.change(subscribed, id: person.id, subscribe: false, source: .emailLink, now: now + 120)
        #expect(off.attendee?.newsletterSubscription == false)
        #expect(off.attendee?.newsletterChange == NewsletterChange(at: now + 120, source: .emailLink))
    }

    @Test func theFirstUnsubscribeOfSomeoneNeverSubscribedIsRecorded() throws {
        let person = attendee()
        let d = try Newsletter.change(person, id: person.id, subscribe: false, source: .organizer, now: now)
        #expect(d.attendee?.newsletterChange == NewsletterChange(at: now, source: .organizer))
        let recorded: Attendee = try #require(d.attendee)
        let again = try Newsletter.change(recorded, id: person.id, subscribe: false, source: .website, now: now + 1)
        #expect(again.attendee == nil && again.event == d.event)
    }

    @Test func refusals() throws {
        let person = attendee()
        #expect(rejection { try Newsletter.change(nil, id: person.id, subscribe: true, source: .website, now: now) } == "unknown_attendee")
        #expect(
            rejection { try Newsletter.change(person, id: person.id, subscribe: true, source: .consentWithdrawn, now: now) } == "invalid_source")
        let erased = try #require(try Erasure.decide(person, id: person.id, registrations: [], now: t0).attendee)
        #expect(rejection { try Newsletter.change(erased, id: person.id, subscribe: false, source: .website, now: now) } == "attendee_erased")
        // After a withdrawal: no subscribing, but saying no is always allowed.
        var subscribed = person
        subscribed.newsletterSubscription = true
        let withdrawn = try #require(
            try ConsentWithdrawal.decide(subscribed, id: person.id, registrations: [], events: [:], now: t0).attendee)
        #expect(rejection { try Newsletter.change(withdrawn, id: person.id, subscribe: true, source: .website, now: now) } == "consent_withdrawn")
        let no = try Newsletter.change(withdrawn, id: person.id, subscribe: false, source: .website, now: now)
        #expect(no.attendee == nil)
        #expect(
            no.event
                == .newsletterSubscriptionChanged(
                    NewsletterSubscriptionChanged(attendeeId: person.id, subscribed: false, changedAt: t0, source: .consentWithdrawn)))
    }

    @Test func aRegistrationChangingAKnownAttendeesSubscriptionSaysSo() throws {
        let person = attendee()
        let ids = (attendee: Identifier(), registration: Identifier())
        let d = try Registering.decide(try Validation.register(command(newsletter: true)), attendee: person, registration: nil, newIds: ids, now: now)
        #expect(d.attendee.newsletterChange == NewsletterChange(at: now, source: .registration))
        #expect(
            d.events.first
                == .newsletterSubscriptionChanged(
                    NewsletterSubscriptionChanged(attendeeId: person.id, subscribed: true, changedAt: now, source: .registration)))
        // The same flag again says nothing.
        let same = try Registering.decide(
            try Validation.register(command(newsletter: true)), attendee: d.attendee, registration: nil, newIds: ids, now: now)
        #expect(same.events.allSatisfy { $0.name != NewsletterSubscriptionChanged.name })
        // A new attendee subscribing is told by AttendeeRegistered; the change is recorded.
        let new = try Registering.decide(try Validation.register(command(newsletter: true)), attendee: nil, registration: nil, newIds: ids, now: now)
        #expect(new.attendee.newsletterChange == NewsletterChange(at: now, source: .registration))
        #expect(new.events.allSatisfy { $0.name != NewsletterSubscriptionChanged.name })
    }
}
