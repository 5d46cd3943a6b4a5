import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct SessionChoosingTests {
    let now = t0.addingTimeInterval(3600)
    let event = Identifier()

    func sessions(_ copies: SessionCopy...) -> [Identifier: SessionCopy] {
        Dictionary(uniqueKeysWithValues: copies.map { ($0.sessionId, $0) })
    }

    @Test func choicesAreCheckedAgainstTheSessionCopy() throws {
        let a = SessionCopy(sessionId: Identifier(), eventId: event, isCancelled: false)
        let other = SessionCopy(sessionId: Identifier(), eventId: Identifier(), isCancelled: false)
        let cancelled = SessionCopy(sessionId: Identifier(), eventId: event, isCancelled: true)
        let known = sessions(a, other, cancelled)
        #expect(try SessionChoosing.check([a.sessionId, a.sessionId], eventId: event, sessions: known) == [a.sessionId])
        #expect(rejection { try SessionChoosing.check([Identifier()], eventId: event, sessions: known) } == "unknown_session")
        #expect(rejection { try SessionChoosing.check([other.sessionId], eventId: event, sessions: known) } == "unknown_session")
        #expect(rejection { try SessionChoosing.check([cancelled.sessionId], eventId: event, sessions: known) } == "session_cancelled")
        let many = (0...20).map { _ in Identifier() }
        #expect(rejection { try SessionChoosing.check(many, eventId: event, sessions: known) } == "too_many_sessions")
    }

    @Test func aConfirmedRegistrationAsksAtOnceAndAnOtherWaitsForItsSeat() throws {
        let s1 = Identifier()
        let s2 = Identifier()
        let confirmed = registration(.confirmed, eventId: event)
        let d = SessionChoosing.choose([s1, s2], registration: confirmed, current: [], now: now)
        #expect(d.saved.map(\.status) == [.requested, .requested] && d.saved.map(\.choiceNumber) == [1, 1])
        #expect(
            d.events
                == [
                    .sessionsChosen(
                        SessionsChosen(registrationId: confirmed.id, eventId: event, attendeeId: confirmed.attendeeId, sessionIds: [s1, s2])),
                    SessionChoosing.requested(d.saved[0], attendeeId: confirmed.attendeeId),
                    SessionChoosing.requested(d.saved[1], attendeeId: confirmed.attendeeId),
                ])
        let waiting = registration(.waitlisted, eventId: event)
        let pending = SessionChoosing.choose([s1], registration: waiting, current: [], now: now)
        #expect(pending.saved.map(\.status) == [.pending] && pending.events.count == 1)
        // Once it holds its event seat, the pending choice asks, under its number.
        var seated = waiting
        seated.status = .confirmed
        let asked = SessionChoosing.askPending(seated, choices: pending.saved, now: now + 1)
        #expect(asked.saved.map(\.status) == [.requested] && asked.saved[0].choiceNumber == 1)
        #expect(asked.events == [SessionChoosing.requested(asked.saved[0], attendeeId: seated.attendeeId)])
        #expect(SessionChoosing.askPending(waiting, choices: pending.saved, now: now) == .nothing)
    }

    @Test func droppingGivesBackWhatAskedAndChoosingAgainCountsOn() throws {
        let r = registration(.confirmed, eventId: event)
        func choice(_ status: SessionChoiceStatus, number: Int = 1, reason: SessionSeatRejectionReason? = nil) -> SessionChoice {
            SessionChoice(
                registrationId: r.id, sessionId: Identifier(), eventId: event, choiceNumber: number, status: status,
                rejectionReason: reason, chosenAt: t0, statusChangedAt: t0
            )
        }
        let reserved = choice(.reserved)
        let requested = choice(.requested)
        let pending = choice(.pending)
        let refused = choice(.rejected, number: 2, reason: .sessionFull)
        let droppedBefore = choice(.dropped, number: 3)
        let kept = choice(.reserved)
        let d = SessionChoosing.choose(
            [kept.sessionId, refused.sessionId, droppedBefore.sessionId], registration: r,
            current: [reserved, requested, pending, refused, droppedBefore, kept], now: now
        )
        let saved = Dictionary(uniqueKeysWithValues: d.saved.map { ($0.sessionId, $0) })
        #expect(saved.count == 5 && saved[kept.sessionId] == nil)
        for gone in [reserved, requested, pending] {
            #expect(saved[gone.sessionId]?.status == .dropped && saved[gone.sessionId]?.choiceNumber == 1, "dropped, the row kept")
        }
        #expect(saved[refused.sessionId]?.status == .requested && saved[refused.sessionId]?.choiceNumber == 3)
        #expect(saved[refused.sessionId]?.rejectionReason == nil)
        #expect(saved[droppedBefore.sessionId]?.status == .requested && saved[droppedBefore.sessionId]?.choiceNumber == 4)
        let drops = d.events.filter { $0.name == SessionChoiceDropped.name }
        #expect(
            Set(drops) == [
                SessionChoosing.dropped(reserved, attendeeId: r.attendeeId), SessionChoosing.dropped(requested, attendeeId: r.attendeeId),
            ],
            "a pending choice asked nothing, so it gives nothing back")
        #expect(d.events.filter { $0.name == SessionSeatRequested.name }.count == 2)
        // The same choice again changes nothing; it answers all the same.
        let again = SessionChoosing.choose([kept.sessionId], registration: r, current: [kept], now: now)
        #expect(again.saved.isEmpty && again.events.map(\.name) == [SessionsChosen.name])
    }

    @Test func onlyOpenRegistrationsOfAttendeesWithConsentChoose() throws {
        let person = attendee()
        let id = Identifier()
        #expect(rejection { try SessionChoosing.requireChoosable(nil, id: id, attendee: person) } == "unknown_registration")
        for (status, reason) in [
            (RegistrationStatus.cancelled, "registration_cancelled"), (.attended, "registration_attended"), (.rejected, "registration_rejected"),
        ] {
            let r = registration(status, attendeeId: person.id)
            #expect(rejection { try SessionChoosing.requireChoosable(r, id: r.id, attendee: person) } == reason)
        }
        var withdrawn = person
        withdrawn.consentWithdrawnAt = t0
        let open = registration(.registered, attendeeId: person.id)
        #expect(rejection { try SessionChoosing.requireChoosable(open, id: open.id, attendee: withdrawn) } == "consent_withdrawn")
        #expect(try SessionChoosing.requireChoosable(open, id: open.id, attendee: person) == open)
    }

    @Test func seatAnswersMoveTheChoiceTheyAreAbout() throws {
        let r = registration(.confirmed, eventId: event)
        let session = Identifier()
        let older = 1
        let current = 2
        let asked = SessionChoice(
            registrationId: r.id, sessionId: session, eventId: event, choiceNumber: current, status: .requested, chosenAt: t0,
            statusChangedAt: t0)
        func reserved(_ choice: Int) -> SessionSeatReserved {
            SessionSeatReserved(registrationId: r.id, eventId: event, sessionId: session, choiceNumber: choice)
        }
        func rejected(_ choice: Int) -> SessionSeatRejected {
            SessionSeatRejected(registrationId: r.id, eventId: event, sessionId: session, choiceNumber: choice, reason: .sessionFull)
        }
        // A seat is taken by the current choice, whichever request it answers.
        let taken = SessionSeatAnswers.reserved(reserved(older), registration: r, choice: asked, now: now)
        #expect(taken.saved.map(\.status) == [.reserved] && taken.events.isEmpty)
        #expect(SessionSeatAnswers.reserved(reserved(current), registration: r, choice: taken.saved[0], now: now) == .nothing)
        // A seat for a choice dropped meanwhile, or of a cancelled registration, goes back.
        let giveBack = AttendeesEvent.sessionChoiceDropped(
            SessionChoiceDropped(
                SessionSeatFields(registrationId: r.id, eventId: event, sessionId: session, attendeeId: r.attendeeId, choiceNumber: older)))
        #expect(SessionSeatAnswers.reserved(reserved(older), registration: r, choice: nil, now: now).events == [giveBack])
        var cancelled = r
        cancelled.status = .cancelled
        #expect(SessionSeatAnswers.reserved(reserved(older), registration: cancelled, choice: asked, now: now).events == [giveBack])
        #expect(
            SessionSeatAnswers.reserved(reserved(older), registration: r, choice: asked.moved(to: .dropped, at: now), now: now).events == [giveBack])
        // Not our registration: nothing.
        #expect(SessionSeatAnswers.reserved(reserved(older), registration: nil, choice: nil, now: now) == .nothing)
        // A refusal counts only for the request it answers.
        #expect(SessionSeatAnswers.rejected(rejected(older), choice: asked, now: now) == .nothing)
        let refused = SessionSeatAnswers.rejected(rejected(current), choice: asked, now: now)
        #expect(refused.saved.map(\.status) == [.rejected] && refused.saved[0].rejectionReason == .sessionFull)
    }
}
