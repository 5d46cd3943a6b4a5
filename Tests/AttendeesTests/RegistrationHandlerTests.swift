import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

/// The registration saga's attendees side against a real database.
@Suite struct RegistrationHandlerTests {
    @Test func registeringCreatesTheAttendeeAndAsksForASeat() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let company = Identifier()
        let now = Date(timeIntervalSince1970: 1_800_000_000.123)
        let commandId = Identifier()
        let result = try await h.send(
            Key.register, data: command(eventId: event, email: "Anna.Muster@Example.CH", companyId: company, specialRequests: "vegan"),
            id: commandId, now: now
        )
        #expect(result.outcome == .handled)
        #expect(result.names == ["AttendeeRegistered", "RegistrationRequested"])
        #expect(result.published.allSatisfy { $0.header.causationId == commandId })
        let registered = try result.one("AttendeeRegistered", as: AttendeeRegistered.self)
        #expect(registered.email == "Anna.Muster@Example.CH" && registered.companyId == company)
        let requested = try result.one("RegistrationRequested", as: RegistrationRequested.self)
        #expect(requested.attendeeId == registered.attendeeId && requested.eventId == event)

        let row = try #require(
            try await h.query(
                "SELECT gdpr_consent_given, gdpr_consent_date, company_id FROM attendees WHERE id = $1", [registered.attendeeId]
            ).first)
        #expect(try row.decode(Bool.self, column: "gdpr_consent_given"))
        #expect(try row.decode(Date.self, column: "gdpr_consent_date") == now)
        #expect(try row.decode(Identifier.self, column: "company_id") == company)
        let registration = try #require(
            try await h.query(
                "SELECT status, special_requests, seat_requested_at FROM event_registrations WHERE id = $1", [requested.registrationId]
            ).first)
        #expect(try registration.decode(String.self, column: "status") == "registered")
        #expect(try registration.decode(String.self, column: "special_requests") == "vegan")
        #expect(try registration.decode(Date?.self, column: "seat_requested_at") == now)

        #expect(try await h.redeliver(result).outcome == .duplicate)
        #expect(try await h.count("SELECT count(*) FROM attendees") == 1)
        try await h.drop()
    }

    @Test func theSameEmailInAnotherCaseIsTheSameAttendee() async throws {
        let h = try await attendeesHarness()
        let first = try await h.registerSomeone(event: Identifier(), email: "anna@example.ch")
        let second = try await h.send(Key.register, data: command(eventId: Identifier(), email: "ANNA@Example.ch"))
        #expect(second.names == ["RegistrationRequested"], "no second AttendeeRegistered")
        #expect(try second.one("RegistrationRequested", as: RegistrationRequested.self).attendeeId == first.attendee)
        #expect(try await h.count("SELECT count(*) FROM attendees") == 1)
        #expect(try await h.count("SELECT count(*) FROM event_registrations") == 2)
        try await h.drop()
    }

    @Test func aDuplicateRegistrationKeepsOneRowAndAnswersItsState() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let (attendee, registration) = try await h.registerSomeone(event: event, email: "dup@example.ch")
        try await h.reserve(registration, event: event)

        let again = try await h.send(Key.register, data: command(eventId: event, email: "Dup@Example.ch"))
        #expect(again.outcome == .handled)
        let confirmed = try again.one("RegistrationConfirmed", as: RegistrationConfirmed.self)
        #expect(confirmed == RegistrationConfirmed(registrationId: registration, eventId: event, attendeeId: attendee))
        #expect(again.messages("attendees.RegistrationRequested").isEmpty, "no second seat asked for")
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE event_id = $1", [event]) == 1)
        try await h.drop()
    }

    @Test func badRegistrationsAreRejectedAndWriteNothing() async throws {
        let h = try await attendeesHarness()
        let cases: [(RegisterAttendee, String)] = [
            (command(gdprConsent: false), "gdpr_consent_required"),
            (command(email: "not-an-email"), "invalid_email"),
            (command(firstName: String(repeating: "x", count: 101)), "first_name_too_long"),
            (command(email: String(repeating: "x", count: 250) + "@example.ch"), "email_too_long"),
            (command(position: String(repeating: "x", count: 256)), "position_too_long"),
        ]
        for (bad, reason) in cases {
            let result = try await h.send(Key.register, data: bad)
            #expect(result.rejectionReason == reason)
            #expect(result.names == ["CommandRejected"], "exactly one answer")
        }
        #expect(try await h.count("SELECT count(*) FROM attendees") == 0)
        #expect(try await h.count("SELECT count(*) FROM event_registrations") == 0)
        try await h.drop()
    }

    @Test func seatAnswersConfirmWaitlistOrReject() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let a = try await h.registerSomeone(event: event)
        let b = try await h.registerSomeone(event: event)
        let c = try await h.registerSomeone(event: event)
        let d = try await h.registerSomeone(event: event)

        let reserved = try await h.reserve(a.registration, event: event)
        #expect(try reserved.one("RegistrationConfirmed", as: RegistrationConfirmed.self).registrationId == a.registration)
        #expect(try await h.status(a.registration) == "confirmed")

        let full1 = try await h.refuse(b.registration, event: event)
        let full2 = try await h.refuse(c.registration, event: event)
        #expect(try full1.one("RegistrationWaitlisted", as: RegistrationWaitlisted.self).position == 1)
        #expect(try full2.one("RegistrationWaitlisted", as: RegistrationWaitlisted.self).position == 2)

        let closed = try await h.refuse(d.registration, event: event, .deadlinePassed)
        #expect(try closed.one("RegistrationRejected", as: RegistrationRejected.self).reason == .deadlinePassed)
        let reason = try await h.query("SELECT rejection_reason FROM event_registrations WHERE id = $1", [d.registration])
        #expect(try reason[0].decode(String.self, at: 0) == "deadline_passed")

        // Late or repeated answers change nothing.
        #expect(try await h.reserve(a.registration, event: event).published.isEmpty)
        #expect(try await h.refuse(b.registration, event: event).published.isEmpty)
        #expect(try await h.queue(event).map(\.1) == [1, 2])

        // Unknown registrations (not ours) are ignored, not retried.
        #expect(try await h.reserve(Identifier(), event: event).outcome == .handled)
        try await h.drop()
    }

    @Test func aRejectedRegistrationMayTryAgainOnTheSameRow() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let email = "early@example.ch"
        let first = try await h.registerSomeone(event: event, email: email)
        try await h.refuse(first.registration, event: event, .registrationClosed)
        let again = try await h.send(Key.register, data: command(eventId: event, email: email))
        #expect(try again.one("RegistrationRequested", as: RegistrationRequested.self).registrationId == first.registration)
        #expect(try await h.status(first.registration) == "registered")
        #expect(try await h.reserve(first.registration, event: event).names == ["RegistrationConfirmed"])
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE event_id = $1", [event]) == 1)
        try await h.drop()
    }

    @Test func cancellingAConfirmedSeatPromotesTheOldestWaitlisted() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let holder = try await h.registerSomeone(event: event)
        try await h.reserve(holder.registration, event: event)
        var waiting: [Identifier] = []
        for _ in 0..<3 {
            let someone = try await h.registerSomeone(event: event)
            try await h.refuse(someone.registration, event: event)
            waiting.append(someone.registration)
        }

        let cancel = try await h.send(Key.cancel, data: CancelRegistration(registrationId: holder.registration))
        let cancelled = try cancel.one("RegistrationCancelled", as: RegistrationCancelled.self)
        #expect(cancelled.heldSeat && cancelled.eventId == event)
        #expect(try await h.status(holder.registration) == "cancelled")

        // Cancelling twice: answered, not applied twice.
        let twice = try await h.send(Key.cancel, data: CancelRegistration(registrationId: holder.registration))
        #expect(twice.outcome == .handled)
        #expect(try twice.one("RegistrationCancelled", as: RegistrationCancelled.self).heldSeat == false)

        // events frees the seat: the oldest waitlisted asks for it.
        let released = try await h.send(
            Key.seatReleased, data: SeatReleased(registrationId: holder.registration, eventId: event, currentAttendeeCount: 0))
        #expect(try released.one("RegistrationRequested", as: RegistrationRequested.self).registrationId == waiting[0])
        // A second release while the first ask is out goes to the next one.
        let released2 = try await h.send(Key.seatReleased, data: SeatReleased(registrationId: Identifier(), eventId: event, currentAttendeeCount: 0))
        #expect(try released2.one("RegistrationRequested", as: RegistrationRequested.self).registrationId == waiting[1])

        let confirmed = try await h.reserve(waiting[0], event: event)
        #expect(confirmed.names == ["RegistrationConfirmed"])
        // The second ask lost the seat to someone else: it keeps its place, now first.
        #expect(try await h.refuse(waiting[1], event: event).published.isEmpty)
        #expect(try await h.queue(event).map(\.0) == [waiting[1], waiting[2]])
        #expect(try await h.queue(event).map(\.1) == [1, 2])
        try await h.drop()
    }

    /// events refused B (full) and then freed A's seat, but attendees took
    /// the release first: the seat is kept for B, who asks on joining.
    @Test func aReleaseTakenBeforeTheRefusalIsOfferedToTheOneItRefused() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let holder = try await h.registerSomeone(event: event)
        try await h.reserve(holder.registration, event: event)
        let late = try await h.registerSomeone(event: event)
        try await h.send(Key.cancel, data: CancelRegistration(registrationId: holder.registration))

        let released = try await h.send(
            Key.seatReleased, data: SeatReleased(registrationId: holder.registration, eventId: event, currentAttendeeCount: 0))
        #expect(released.published.isEmpty, "nobody waits yet")
        #expect(try await h.count("SELECT unclaimed_seats FROM event_waitlists WHERE event_id = $1", [event]) == 1)

        let refused = try await h.refuse(late.registration, event: event)
        #expect(refused.names == ["RegistrationWaitlisted", "RegistrationRequested"])
        #expect(try refused.one("RegistrationRequested", as: RegistrationRequested.self).registrationId == late.registration)
        #expect(try await h.count("SELECT unclaimed_seats FROM event_waitlists WHERE event_id = $1", [event]) == 0)
        #expect(try await h.reserve(late.registration, event: event).names == ["RegistrationConfirmed"])
        #expect(try await h.queue(event).isEmpty)

        // A refusal for another reason does not spend an unclaimed seat.
        let other = try await h.registerSomeone(event: event)
        try await h.send(Key.seatReleased, data: SeatReleased(registrationId: Identifier(), eventId: event, currentAttendeeCount: 0))
        #expect(try await h.refuse(other.registration, event: event, .registrationClosed).names == ["RegistrationRejected"])
        #expect(try await h.count("SELECT unclaimed_seats FROM event_waitlists WHERE event_id = $1", [event]) == 1)
        try await h.drop()
    }

    @Test func cancellingAWaitlistedRegistrationClosesUpTheQueue() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        var waiting: [Identifier] = []
        for _ in 0..<4 {
            let someone = try await h.registerSomeone(event: event)
            try await h.refuse(someone.registration, event: event)
            waiting.append(someone.registration)
        }
        let cancel = try await h.send(Key.cancel, data: CancelRegistration(registrationId: waiting[1]))
        #expect(try cancel.one("RegistrationCancelled", as: RegistrationCancelled.self).heldSeat == false)
        #expect(try await h.queue(event).map(\.0) == [waiting[0], waiting[2], waiting[3]])
        #expect(try await h.queue(event).map(\.1) == [1, 2, 3])
        try await h.drop()
    }

    @Test func aSeatReservedAfterCancellingIsGivenBack() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let someone = try await h.registerSomeone(event: event)
        let cancel = try await h.send(Key.cancel, data: CancelRegistration(registrationId: someone.registration))
        #expect(try cancel.one("RegistrationCancelled", as: RegistrationCancelled.self).heldSeat == false)
        let late = try await h.reserve(someone.registration, event: event)
        #expect(try late.one("RegistrationCancelled", as: RegistrationCancelled.self).heldSeat == true)
        #expect(try await h.status(someone.registration) == "cancelled")
        // A cancelled registration is final: registering again is refused, still one row.
        let email = try await h.query("SELECT email FROM attendees WHERE id = $1", [someone.attendee])[0].decode(String.self, at: 0)
        let again = try await h.send(Key.register, data: command(eventId: event, email: email))
        #expect(again.rejectionReason == "registration_cancelled")
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE event_id = $1", [event]) == 1)
        try await h.drop()
    }

    @Test func unknownRegistrationsAreRejected() async throws {
        let h = try await attendeesHarness()
        #expect(try await h.send(Key.cancel, data: CancelRegistration(registrationId: Identifier())).rejectionReason == "unknown_registration")
        #expect(try await h.send(Key.attend, data: RecordAttendance(registrationId: Identifier())).rejectionReason == "unknown_registration")
        try await h.drop()
    }
}
