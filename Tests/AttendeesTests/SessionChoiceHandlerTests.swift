import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

@Suite struct SessionChoiceHandlerTests {
    @Test func choicesWaitForTheEventSeatThenAskAndTakeEventsAnswers() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let keynote = try await h.scheduleSession(event: event)
        let workshop = try await h.scheduleSession(event: event)
        let registered = try await h.send(
            Key.register,
            data: RegisterAttendee(
                eventId: event, email: "chooser@example.ch", firstName: "C", lastName: "Hooser", gdprConsent: true,
                sessionPreferences: [keynote, workshop, keynote]))
        #expect(registered.names == ["AttendeeRegistered", "RegistrationRequested", "SessionsChosen"])
        let registration = try registered.one("RegistrationRequested", as: RegistrationRequested.self).registrationId
        #expect(try await h.choices(registration) == [keynote: "pending", workshop: "pending"])

        // The event seat comes: both ask.
        let confirmed = try await h.reserve(registration, event: event)
        #expect(confirmed.names == ["RegistrationConfirmed", "SessionSeatRequested", "SessionSeatRequested"])
        let requests = try confirmed.messages("attendees.SessionSeatRequested").map { try $0.decode(SessionSeatRequested.self).fields }
        #expect(Set(requests.map(\.sessionId)) == [keynote, workshop])
        let keynoteChoice = try #require(requests.first { $0.sessionId == keynote }).choiceNumber
        let workshopChoice = try #require(requests.first { $0.sessionId == workshop }).choiceNumber

        // events answers: a seat in the keynote, the workshop full.
        let seat = try await h.send(
            Key.sessionSeatReserved,
            data: SessionSeatReserved(registrationId: registration, eventId: event, sessionId: keynote, choiceNumber: keynoteChoice))
        #expect(seat.published.isEmpty)
        try await h.send(
            Key.sessionSeatRejected,
            data: SessionSeatRejected(
                registrationId: registration, eventId: event, sessionId: workshop, choiceNumber: workshopChoice, reason: .sessionFull))
        #expect(try await h.choices(registration) == [keynote: "reserved", workshop: "rejected"])

        // Choosing the workshop again asks again under a new choice; dropping the keynote gives its seat back.
        let again = try await h.send(Key.choose, data: ChooseSessions(registrationId: registration, sessionIds: [workshop]))
        #expect(again.names.sorted() == ["SessionChoiceDropped", "SessionSeatRequested", "SessionsChosen"])
        let retry = try again.one("SessionSeatRequested", as: SessionSeatRequested.self).fields
        #expect(retry.sessionId == workshop && retry.choiceNumber == workshopChoice + 1)
        #expect(try again.one("SessionChoiceDropped", as: SessionChoiceDropped.self).fields.choiceNumber == keynoteChoice)
        #expect(try await h.choices(registration) == [keynote: "dropped", workshop: "requested"])
        // A late seat for the dropped keynote goes back at once.
        let late = try await h.send(
            Key.sessionSeatReserved,
            data: SessionSeatReserved(registrationId: registration, eventId: event, sessionId: keynote, choiceNumber: keynoteChoice))
        #expect(try late.one("SessionChoiceDropped", as: SessionChoiceDropped.self).fields.choiceNumber == keynoteChoice)
        // The old refusal delivered again does not refuse the new request.
        try await h.send(
            Key.sessionSeatRejected,
            data: SessionSeatRejected(
                registrationId: registration, eventId: event, sessionId: workshop, choiceNumber: workshopChoice, reason: .sessionFull))
        #expect(try await h.choices(registration) == [keynote: "dropped", workshop: "requested"])

        // RSVP, then the registration is cancelled: its choices hold nothing any more.
        let rsvp = try await h.send(Key.rsvp, data: ConfirmAttendance(registrationId: registration))
        #expect(try rsvp.one("AttendanceConfirmed", as: AttendanceConfirmed.self).registrationId == registration)
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE id = $1 AND attendance_confirmed", [registration]) == 1)
        try await h.send(Key.cancel, data: CancelRegistration(registrationId: registration))
        #expect(try await h.choices(registration) == [keynote: "dropped", workshop: "released"])
        #expect(
            try await h.send(Key.choose, data: ChooseSessions(registrationId: registration, sessionIds: [])).rejectionReason
                == "registration_cancelled")
        #expect(try await h.send(Key.rsvp, data: ConfirmAttendance(registrationId: registration)).rejectionReason == "registration_not_confirmed")
        try await h.drop()
    }

    @Test func sessionsAreCheckedAgainstTheCopyOfEventsSessions() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let someone = try await h.confirmSomeone(event: event)
        let elsewhere = try await h.scheduleSession(event: Identifier())
        let session = try await h.scheduleSession(event: event)
        func choose(_ ids: [Identifier]) async throws -> String? {
            try await h.send(Key.choose, data: ChooseSessions(registrationId: someone.registration, sessionIds: ids)).rejectionReason
        }
        #expect(try await choose([Identifier()]) == "unknown_session")
        #expect(try await choose([elsewhere]) == "unknown_session")
        #expect(
            try await h.send(Key.sessionCancelled, data: SessionCancelled(SessionCopyFields(sessionId: session, eventId: event))).outcome == .handled)
        #expect(try await choose([session]) == "session_cancelled")
        // Cancelled is final: a SessionScheduled delivered late does not revive it.
        try await h.send(Key.sessionScheduled, data: SessionScheduled(SessionCopyFields(sessionId: session, eventId: event)))
        #expect(try await choose([session]) == "session_cancelled")
        // A cancellation before its SessionScheduled is kept too.
        let early = Identifier()
        try await h.send(Key.sessionCancelled, data: SessionCancelled(SessionCopyFields(sessionId: early, eventId: event)))
        try await h.send(Key.sessionScheduled, data: SessionScheduled(SessionCopyFields(sessionId: early, eventId: event)))
        #expect(try await choose([early]) == "session_cancelled")
        #expect(try await choose([]) == nil)
        #expect(
            try await h.send(Key.choose, data: ChooseSessions(registrationId: Identifier(), sessionIds: [])).rejectionReason == "unknown_registration"
        )
        // An answer about a registration attendees does not have changes nothing.
        let stray = try await h.send(
            Key.sessionSeatReserved,
            data: SessionSeatReserved(registrationId: Identifier(), eventId: event, sessionId: session, choiceNumber: 1))
        #expect(stray.outcome == .handled && stray.published.isEmpty)
        try await h.drop()
    }
}
