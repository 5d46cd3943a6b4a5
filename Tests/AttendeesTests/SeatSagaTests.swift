import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct SeatSagaTests {
    let now = t0.addingTimeInterval(60)

    @Test func aReservedSeatConfirmsAPendingRegistration() {
        let r = registration(.registered)
        let d = SeatSaga.seatReserved(r, now: now)
        #expect(d.registration.status == .confirmed)
        #expect(d.registration.seatRequestedAt == nil && d.registration.statusChangedAt == now)
        #expect(d.waitlist == nil)
        #expect(d.events == [.registrationConfirmed(RegistrationConfirmed(registrationId: r.id, eventId: r.eventId, attendeeId: r.attendeeId))])
    }

    @Test func aReservedSeatTakesAWaitlistedRegistrationOutOfTheQueue() {
        let r = registration(.waitlisted, position: 3, asking: true)
        let d = SeatSaga.seatReserved(r, now: now)
        #expect(d.registration.status == .confirmed && d.registration.waitlistPosition == nil)
        #expect(d.waitlist == .leave(position: 3))
        #expect(d.events.count == 1)
    }

    @Test func aSeatForACancelledRegistrationIsGivenBack() {
        let r = registration(.cancelled)
        let d = SeatSaga.seatReserved(r, now: now)
        #expect(!d.changesState)
        #expect(
            d.events == [
                .registrationCancelled(RegistrationCancelled(registrationId: r.id, eventId: r.eventId, attendeeId: r.attendeeId, heldSeat: true))
            ])
    }

    @Test func aSeatAnnouncedAgainChangesNothing() {
        for status in [RegistrationStatus.confirmed, .attended] {
            let d = SeatSaga.seatReserved(registration(status), now: now)
            #expect(!d.changesState && d.events.isEmpty)
        }
    }

    @Test func aSeatForARejectedRegistrationIsKept() {
        let d = SeatSaga.seatReserved(registration(.rejected), now: now)
        #expect(d.registration.status == .confirmed && d.registration.rejectionReason == nil)
    }

    @Test func aFullEventWaitlistsAtTheEndOfTheQueue() {
        let r = registration(.registered)
        let d = SeatSaga.seatRejected(r, reason: .eventFull, waitlistLength: 41, now: now)
        #expect(d.registration.status == .waitlisted && d.registration.waitlistPosition == 42)
        #expect(d.registration.seatRequestedAt == nil)
        #expect(d.waitlist == .join(position: 42))
        #expect(
            d.events == [
                .registrationWaitlisted(RegistrationWaitlisted(registrationId: r.id, eventId: r.eventId, attendeeId: r.attendeeId, position: 42))
            ])
    }

    @Test(arguments: [SeatRejectionReason.registrationClosed, .deadlinePassed, .unknownEvent])
    func otherReasonsRejectWithThatReason(_ reason: SeatRejectionReason) throws {
        let r = registration(.registered)
        let d = SeatSaga.seatRejected(r, reason: reason, waitlistLength: 5, now: now)
        let expected = try #require(RegistrationRejectionReason(seatRejection: reason))
        #expect(expected.rawValue == reason.rawValue)
        #expect(d.registration.status == .rejected && d.registration.rejectionReason == expected)
        #expect(d.waitlist == nil)
        #expect(
            d.events == [
                .registrationRejected(RegistrationRejected(registrationId: r.id, eventId: r.eventId, attendeeId: r.attendeeId, reason: expected))
            ])
    }

    @Test func aWaitlistedRegistrationRefusedAgainKeepsItsPlace() {
        for reason in SeatRejectionReason.allCases {
            let r = registration(.waitlisted, position: 2, asking: true)
            let d = SeatSaga.seatRejected(r, reason: reason, waitlistLength: 9, now: now)
            #expect(d.registration.status == .waitlisted && d.registration.waitlistPosition == 2)
            #expect(d.registration.seatRequestedAt == nil, "it may ask again at the next SeatReleased")
            #expect(d.waitlist == nil && d.events.isEmpty)
        }
    }

    @Test func aLateRefusalChangesNothing() {
        for status in [RegistrationStatus.confirmed, .attended, .cancelled, .rejected] {
            let d = SeatSaga.seatRejected(registration(status), reason: .eventFull, waitlistLength: 0, now: now)
            #expect(!d.changesState && d.events.isEmpty && d.waitlist == nil)
        }
    }

    @Test func theOldestWaitlistedNotAlreadyAskingIsNext() {
        let event = Identifier()
        let first = registration(.waitlisted, eventId: event, position: 1, asking: true)
        let second = registration(.waitlisted, eventId: event, position: 2)
        let third = registration(.waitlisted, eventId: event, position: 3)
        #expect(SeatSaga.nextToAsk([third, first, second])?.id == second.id)
        #expect(SeatSaga.nextToAsk([first]) == nil)
        #expect(SeatSaga.nextToAsk([]) == nil)
    }

    @Test func askingForAFreedSeatRequestsItAgainAndKeepsThePlace() {
        let r = registration(.waitlisted, position: 1)
        let d = SeatSaga.askSeat(for: r, now: now)
        #expect(d.registration.status == .waitlisted && d.registration.waitlistPosition == 1)
        #expect(d.registration.seatRequestedAt == now)
        #expect(d.events == [.registrationRequested(RegistrationRequested(registrationId: r.id, eventId: r.eventId, attendeeId: r.attendeeId))])
        #expect(SeatSaga.askSeat(for: d.registration, now: now).events.isEmpty, "one request at a time")
    }

    @Test func anUnclaimedSeatGoesToTheOldestWhoCanAsk() {
        let event = Identifier()
        let asking = registration(.waitlisted, eventId: event, position: 1, asking: true)
        let second = registration(.waitlisted, eventId: event, position: 2)
        let third = registration(.waitlisted, eventId: event, position: 3)
        let offer = SeatSaga.offer(unclaimed: 2, capacity: 100, to: [third, asking, second], now: now)
        #expect(offer.decision?.registration.id == second.id)
        #expect(offer.decision?.registration.seatRequestedAt == now)
        #expect(offer.decision?.events.map(\.name) == ["RegistrationRequested"])
        #expect(offer.unclaimed == 1)
    }

    @Test func anUnclaimedSeatWaitsUntilSomeoneCanAsk() {
        let asking = registration(.waitlisted, position: 1, asking: true)
        let kept = SeatSaga.offer(unclaimed: 1, capacity: 100, to: [asking], now: now)
        #expect(kept.decision == nil && kept.unclaimed == 1)
        let none = SeatSaga.offer(unclaimed: 0, capacity: 100, to: [registration(.waitlisted, position: 1)], now: now)
        #expect(none.decision == nil && none.unclaimed == 0)
    }

    @Test func unclaimedSeatsNeverExceedTheCapacity() {
        #expect(SeatSaga.offer(unclaimed: 7, capacity: 3, to: [], now: now).unclaimed == 3)
        let offer = SeatSaga.offer(unclaimed: 7, capacity: 3, to: [registration(.waitlisted, position: 1)], now: now)
        #expect(offer.decision != nil && offer.unclaimed == 2)
        #expect(SeatSaga.offer(unclaimed: 7, capacity: nil, to: [], now: now).unclaimed == 7)
    }

    @Test func closingTheWaitlistRejectsEveryoneInItLastFirst() {
        let event = Identifier()
        let queue = (1...3).map { registration(.waitlisted, eventId: event, position: $0) }
        let decisions = SeatSaga.closeWaitlist(queue.shuffled(), now: now)
        #expect(decisions.map(\.waitlist) == [.leave(position: 3), .leave(position: 2), .leave(position: 1)])
        #expect(decisions.allSatisfy { $0.registration.status == .rejected && $0.registration.rejectionReason == .registrationClosed })
        var model = QueueModel()
        queue.forEach { model.rows[$0.id] = $0 }
        decisions.forEach { model.apply($0) }
        #expect(model.waitlistLength == 0)
    }

    /// 500 seat answers for capacity 100, in random order, and then ten
    /// cancellations with their freed seats: the queue is always 1...n, FIFO.
    @Test func theQueueStaysGaplessAndFIFOThroughASaga() {
        let event = Identifier()
        var model = QueueModel()
        let pending = (0..<500).map { _ in registration(.registered, eventId: event) }
        pending.forEach { model.rows[$0.id] = $0 }
        let answers = pending.shuffled()
        for (index, r) in answers.enumerated() {
            let current = model.rows[r.id] ?? r
            model.apply(
                index < 100
                    ? SeatSaga.seatReserved(current, now: now)
                    : SeatSaga.seatRejected(current, reason: .eventFull, waitlistLength: model.waitlistLength, now: now))
        }
        #expect(model.rows.values.filter { $0.status == .confirmed }.count == 100)
        #expect(model.positions == Array(1...400))
        let expectedOrder = Array(answers[100...].map(\.id))
        #expect(model.queue == expectedOrder, "FIFO in the order the refusals arrived")

        // Ten confirmed cancel; each freed seat asks the oldest not asking.
        let cancelling = model.rows.values.filter { $0.status == .confirmed }.prefix(10).map(\.id)
        var asked: [Identifier] = []
        for id in cancelling {
            let cancel = try? RegistrationRules.cancel(model.rows[id], id: id, now: now)
            #expect(cancel?.events.first.map { if case .registrationCancelled(let c) = $0 { c.heldSeat } else { false } } == true)
            cancel.map { model.apply($0) }
            if let next = SeatSaga.nextToAsk(Array(model.rows.values)) {
                let ask = SeatSaga.askSeat(for: next, now: now)
                model.apply(ask)
                asked.append(next.id)
            }
        }
        #expect(asked == Array(expectedOrder.prefix(10)), "positions 1...10 asked, in that order")
        for id in asked {
            if let r = model.rows[id] { model.apply(SeatSaga.seatReserved(r, now: now)) }
        }
        #expect(model.rows.values.filter { $0.status == .confirmed }.count == 100)
        #expect(model.positions == Array(1...390))
        #expect(model.queue == Array(expectedOrder.dropFirst(10)))
    }
}
