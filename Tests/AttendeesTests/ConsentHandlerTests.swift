import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

@Suite struct ConsentHandlerTests {
    @Test func withdrawalCancelsRegistrationsAheadThroughTheCancellationPath() async throws {
        let h = try await attendeesHarness()
        let ahead = Identifier()
        let waiting = Identifier()
        let email = "withdraw@example.ch"
        let anna = try await h.confirmSomeone(event: ahead, email: email)
        // Waitlisted elsewhere, with someone behind her.
        let queued = try await h.send(Key.register, data: command(eventId: waiting, email: email, specialRequests: "aisle seat"))
        let annaWaiting = try queued.one("RegistrationRequested", as: RegistrationRequested.self).registrationId
        try await h.refuse(annaWaiting, event: waiting)
        let behind = try await h.registerSomeone(event: waiting)
        try await h.refuse(behind.registration, event: waiting)
        // Someone waits for the seat she holds.
        let hopeful = try await h.registerSomeone(event: ahead)
        try await h.refuse(hopeful.registration, event: ahead)
        try await h.send(
            Key.updateProfile,
            data: UpdateAttendeeProfile(attendeeId: anna.attendee, position: "CTO", profile: ProfilePatch(bio: "Private things")))
        try await h.send(Key.getProfile, data: GetAttendeeProfile(attendeeId: anna.attendee))
        try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .website)))

        let withdrawn = try await h.send(Key.withdraw, data: WithdrawConsent(attendeeId: anna.attendee))
        let cancelled = try withdrawn.messages("attendees.RegistrationCancelled").map { try $0.decode(RegistrationCancelled.self) }
        #expect(Set(cancelled.map(\.registrationId)) == [anna.registration, annaWaiting])
        #expect(cancelled.allSatisfy { $0.reason == .consentWithdrawn })
        #expect(cancelled.first { $0.registrationId == anna.registration }?.heldSeat == true)
        #expect(withdrawn.names.last == "ConsentWithdrawn")
        #expect(try withdrawn.one("NewsletterSubscriptionChanged", as: NewsletterSubscriptionChanged.self).source == .consentWithdrawn)
        let answer = try withdrawn.one("ConsentWithdrawn", as: ConsentWithdrawn.self)
        #expect(Set(answer.cancelledRegistrationIds) == [anna.registration, annaWaiting])
        // The queue she left closed up; her freed seat goes to the one waiting for it.
        let queue = try await h.queue(waiting)
        #expect(queue.map(\.0) == [behind.registration] && queue.map(\.1) == [1])
        let released = try await h.send(
            Key.seatReleased, data: SeatReleased(registrationId: anna.registration, eventId: ahead, currentAttendeeCount: 0))
        #expect(try released.one("RegistrationRequested", as: RegistrationRequested.self).registrationId == hopeful.registration)

        // Restricted: identity kept, the rest gone, also from the outbox.
        let row = try await h.query(
            """
            SELECT email, position, bio, gdpr_consent_given, consent_withdrawn_at IS NOT NULL, newsletter_subscription
            FROM attendees WHERE id = $1
            """, [anna.attendee])[0]
        #expect(try row.decode(String?.self, at: 0) == email && row.decode(String?.self, at: 1) == nil && row.decode(String?.self, at: 2) == nil)
        #expect(try !row.decode(Bool.self, at: 3) && row.decode(Bool.self, at: 4) && !row.decode(Bool.self, at: 5))
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE special_requests IS NOT NULL") == 0)
        for text in ["Private things", "CTO"] {
            #expect(try await h.count("SELECT count(*) FROM outbox WHERE body LIKE '%' || $1 || '%'", [text]) == 0, "\(text) is gone")
        }
        #expect(
            try await h.count(
                "SELECT count(*) FROM outbox WHERE message_type = 'AttendeeRegistered' AND aggregate_id = $1", [anna.attendee.description]) == 1)

        // Until she registers again, nothing is done for her.
        #expect(
            try await h.send(Key.updateProfile, data: UpdateAttendeeProfile(attendeeId: anna.attendee, firstName: "A")).rejectionReason
                == "consent_withdrawn")
        #expect(
            try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .website))).rejectionReason
                == "consent_withdrawn")
        let again = try await h.send(Key.withdraw, data: WithdrawConsent(attendeeId: anna.attendee))
        #expect(again.names == ["ConsentWithdrawn"])
        #expect(try again.one("ConsentWithdrawn", as: ConsentWithdrawn.self).cancelledRegistrationIds == [])
        // A registration (with consent, for another event) gives consent again.
        let back = try await h.send(Key.register, data: command(eventId: Identifier(), email: email))
        #expect(try back.one("RegistrationRequested", as: RegistrationRequested.self).attendeeId == anna.attendee)
        let renewed = try await h.query("SELECT gdpr_consent_given, consent_withdrawn_at FROM attendees WHERE id = $1", [anna.attendee])[0]
        #expect(try renewed.decode(Bool.self, at: 0) && renewed.decode(Date?.self, at: 1) == nil)
        #expect(
            try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: anna.attendee, source: .website))).outcome
                == .handled)
        try await h.drop()
    }

    @Test func registrationsOfEventsUnderWayStay() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        try await h.send(
            Key.eventCreated,
            data: EventCreated(
                eventId: event, eventNumber: 3, title: "BATbern 3", eventDate: Date(), registrationDeadline: Date().addingTimeInterval(-3600),
                venueName: "Kursaal", venueAddress: "Bern", venueCapacity: 10, organizerId: Identifier(), status: .inProgress),
            now: Date().addingTimeInterval(-60))
        let anna = try await h.confirmSomeone(event: event)
        let withdrawn = try await h.send(Key.withdraw, data: WithdrawConsent(attendeeId: anna.attendee))
        #expect(withdrawn.names == ["ConsentWithdrawn"])
        #expect(try await h.status(anna.registration) == "confirmed")
        try await h.drop()
    }
}
