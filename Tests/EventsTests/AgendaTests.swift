import Foundation
import Identifiers
import Testing

@testable import Events

@Suite struct AgendaReadinessTests {
    func agenda(_ type: SessionType, _ status: SessionStatus = .scheduled) -> AgendaSession {
        AgendaSession(id: Identifier(), type: type, status: status)
    }

    func slot(_ session: AgendaSession, _ role: SpeakerRole, _ status: SlotStatus) -> SpeakerSlot {
        SpeakerSlot(sessionId: session.id, speakerId: Identifier(), role: role, status: status, asOf: t0)
    }

    @Test func sessionTypesNeedTheirRole() {
        #expect(SessionType.keynote.requiredRole == .primarySpeaker)
        #expect(SessionType.presentation.requiredRole == .primarySpeaker)
        #expect(SessionType.workshop.requiredRole == .primarySpeaker)
        #expect(SessionType.panelDiscussion.requiredRole == .moderator)
        #expect([SessionType.networking, .break, .lunch].allSatisfy { $0.requiredRole == nil })
    }

    @Test func noSessionNeedingSpeakersIsNotReady() {
        #expect(!Agenda.isReady(sessions: [], slots: []))
        #expect(!Agenda.isReady(sessions: [agenda(.lunch), agenda(.networking)], slots: []))
    }

    @Test func readyWhenEverySessionHasItsConfirmedRole() {
        let keynote = agenda(.keynote)
        let panel = agenda(.panelDiscussion)
        let lunch = agenda(.lunch)
        let sessions = [keynote, panel, lunch]
        let confirmedPrimary = slot(keynote, .primarySpeaker, .confirmed)
        let confirmedModerator = slot(panel, .moderator, .confirmed)
        #expect(Agenda.isReady(sessions: sessions, slots: [confirmedPrimary, confirmedModerator]))
        #expect(!Agenda.isReady(sessions: sessions, slots: [confirmedPrimary]))
        #expect(!Agenda.isReady(sessions: sessions, slots: [confirmedPrimary, slot(panel, .panelist, .confirmed)]))
        #expect(!Agenda.isReady(sessions: sessions, slots: [confirmedPrimary, slot(panel, .moderator, .invited)]))
        #expect(!Agenda.isReady(sessions: sessions, slots: [slot(keynote, .coSpeaker, .confirmed), confirmedModerator]))
        #expect(!Agenda.isReady(sessions: sessions, slots: [slot(keynote, .primarySpeaker, .declined), confirmedModerator]))
        // A confirmed primary of another session does not count.
        #expect(!Agenda.isReady(sessions: sessions, slots: [slot(agenda(.keynote), .primarySpeaker, .confirmed), confirmedModerator]))
    }

    @Test func cancelledSessionsDoNotCount() {
        let keynote = agenda(.keynote)
        let cancelled = agenda(.workshop, .cancelled)
        #expect(Agenda.isReady(sessions: [keynote, cancelled], slots: [slot(keynote, .primarySpeaker, .confirmed)]))
        #expect(!Agenda.isReady(sessions: [cancelled], slots: [slot(cancelled, .primarySpeaker, .confirmed)]))
    }

    @Test func slotChangesApplyInOrderAndSayWhenASlotReopens() {
        let session = Identifier()
        let speaker = Identifier()
        func apply(_ change: SlotChange, _ existing: SpeakerSlot?, at time: Date) -> SlotDecision {
            Agenda.apply(change, to: existing, sessionId: session, speakerId: speaker, role: .primarySpeaker, occurredAt: time)
        }
        let invited = SpeakerSlot(sessionId: session, speakerId: speaker, role: .primarySpeaker, status: .invited, asOf: t0)
        #expect(apply(.invited, nil, at: t0) == .write(invited, reopened: false))
        guard case .write(let declined, reopened: true) = apply(.declined, invited, at: t0 + 1) else {
            Issue.record("a decline of an invited slot reopens it")
            return
        }
        #expect(declined.status == .declined)
        // Older news never overwrites newer; equal times apply.
        #expect(apply(.confirmed, declined, at: t0) == .ignore)
        #expect(apply(.invited, declined, at: t0 + 1) != .ignore)
        // Closing a closed slot again is no reopening; an unknown slot closing is.
        guard case .write(_, reopened: false) = apply(.released, declined, at: t0 + 2) else {
            Issue.record("released after declined is not a reopening")
            return
        }
        guard case .write(_, reopened: true) = apply(.expired, nil, at: t0) else {
            Issue.record("an unknown slot closing is announced")
            return
        }
        for change in [SlotChange.declined, .expired, .withdrawn, .released] {
            let confirmed = SpeakerSlot(sessionId: session, speakerId: speaker, role: .primarySpeaker, status: .confirmed, asOf: t0)
            guard case .write(_, reopened: true) = apply(change, confirmed, at: t0 + 1) else {
                Issue.record("\(change) of a confirmed slot reopens it")
                return
            }
        }
    }

    @Test func sagaMovesTheEventAlongTheLifecycle() {
        func moves(_ status: EventStatus, invitation: Bool, ready: Bool) -> [EventStatus] {
            Agenda.followUps(anEvent(status: status), invitation: invitation, ready: ready, now: t0).map(\.to)
        }
        #expect(moves(.planning, invitation: true, ready: false) == [.speakersInvited])
        #expect(moves(.topicDefined, invitation: true, ready: false) == [.speakersInvited])
        #expect(moves(.planning, invitation: true, ready: true) == [.speakersInvited, .agendaDraft])
        #expect(moves(.planning, invitation: false, ready: true) == [])
        #expect(moves(.speakersInvited, invitation: false, ready: true) == [.agendaDraft])
        #expect(moves(.speakersInvited, invitation: true, ready: false) == [])
        #expect(moves(.agendaDraft, invitation: false, ready: false) == [.speakersInvited])
        #expect(moves(.agendaDraft, invitation: true, ready: true) == [])
        #expect(moves(.published, invitation: false, ready: false) == [])
        #expect(moves(.registrationOpen, invitation: true, ready: false) == [])
        let steps = Agenda.followUps(anEvent(status: .planning), invitation: true, ready: true, now: t0)
        #expect(steps.map(\.from) == [.planning, .speakersInvited])
    }
}

@Suite struct SeatRulesTests {
    @Test func reservesOnlyWhileOpenBeforeTheDeadlineAndBelowCapacity() {
        let open = anEvent(status: .registrationOpen, capacity: 2, count: 1, deadline: t0 + 10)
        #expect(Seats.reserve(event: open, holding: nil, now: t0) == .reserve(count: 2))
        #expect(Seats.reserve(event: nil, holding: nil, now: t0) == .reject(.unknownEvent))
        for status in EventStatus.allCases where status != .registrationOpen {
            var closed = open
            closed.status = status
            #expect(Seats.reserve(event: closed, holding: nil, now: t0) == .reject(.registrationClosed))
        }
        #expect(Seats.reserve(event: open, holding: nil, now: t0 + 10) == .reject(.deadlinePassed))
        #expect(Seats.reserve(event: open, holding: nil, now: t0 + 9.999) == .reserve(count: 2))
        var full = open
        full.currentAttendeeCount = 2
        #expect(Seats.reserve(event: full, holding: nil, now: t0) == .reject(.eventFull))
        // A closed event says closed even when it is also full.
        full.status = .registrationClosed
        #expect(Seats.reserve(event: full, holding: nil, now: t0) == .reject(.registrationClosed))
    }

    @Test func aReservationIsIdempotentPerRegistration() {
        let full = anEvent(status: .registrationOpen, capacity: 2, count: 2)
        #expect(Seats.reserve(event: full, holding: .held, now: t0) == .alreadyHeld(count: 2))
        #expect(Seats.reserve(event: anEvent(status: .registrationOpen), holding: .released, now: t0) == .ignore)
    }

    @Test func releaseFreesWhatIsHeldWhateverAttendeesBelieved() {
        let event = anEvent(status: .registrationOpen, capacity: 2, count: 2)
        #expect(Seats.release(event: event, holding: .held) == .release(count: 1))
        #expect(Seats.release(event: event, holding: .released) == .ignore)
        #expect(Seats.release(event: event, holding: nil) == .remember)
        #expect(Seats.release(event: nil, holding: nil) == .ignore)
    }

    /// Any interleaving of requests and cancellations keeps the count equal
    /// to the seats held and never above capacity.
    @Test func countEqualsSeatsHeldUnderAnyInterleaving() {
        var generator = SplitMix(seed: 7)
        for _ in 0..<50 {
            var event = anEvent(status: .registrationOpen, capacity: 5)
            var holdings: [Int: SeatHolding] = [:]
            for _ in 0..<200 {
                let registration = Int.random(in: 0..<15, using: &generator)
                if Bool.random(using: &generator) {
                    switch Seats.reserve(event: event, holding: holdings[registration], now: t0) {
                    case .reserve(let count):
                        holdings[registration] = .held
                        event.currentAttendeeCount = count
                    case .alreadyHeld(let count): #expect(count == event.currentAttendeeCount)
                    case .reject(let reason): #expect(reason == .eventFull)
                    case .ignore: #expect(holdings[registration] == .released)
                    }
                } else {
                    switch Seats.release(event: event, holding: holdings[registration]) {
                    case .release(let count):
                        holdings[registration] = .released
                        event.currentAttendeeCount = count
                    case .remember: holdings[registration] = .released
                    case .ignore: break
                    }
                }
                let held = holdings.values.filter { $0 == .held }.count
                #expect(event.currentAttendeeCount == held)
                #expect(held <= event.venueCapacity)
            }
        }
    }
}

/// A seeded generator, so a failure repeats.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
