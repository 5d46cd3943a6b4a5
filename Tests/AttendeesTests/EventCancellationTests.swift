import Foundation
import Identifiers
import Testing

@testable import Attendees

/// attendees' side of the event's cancellation and of its updates, without I/O.
@Suite struct EventCancellationTests {
    @Test func everyOpenRegistrationIsCancelledTheWaitlistFromItsBack() {
        let event = Identifier()
        var model = QueueModel()
        let open = [
            registration(.confirmed, eventId: event), registration(.registered, eventId: event),
            registration(.waitlisted, eventId: event, position: 1), registration(.waitlisted, eventId: event, position: 2),
            registration(.waitlisted, eventId: event, position: 3, asking: true),
        ]
        let closed = [registration(.cancelled, eventId: event), registration(.attended, eventId: event), registration(.rejected, eventId: event)]
        for row in open + closed { model.rows[row.id] = row }
        let decisions = EventCancellation.cancelAll(open + closed, now: t0)
        #expect(decisions.count == 5)
        #expect(decisions.prefix(3).map { $0.before?.waitlistPosition } == [3, 2, 1])
        for decision in decisions { model.apply(decision) }
        #expect(model.queue.isEmpty && model.waitlistLength == 0)
        let answers = decisions.flatMap(\.events).compactMap { event -> RegistrationCancelled? in
            if case .registrationCancelled(let cancelled) = event { cancelled } else { nil }
        }
        #expect(answers.count == 5 && answers.allSatisfy { $0.reason == .eventCancelled })
        #expect(answers.filter(\.heldSeat).map(\.registrationId) == [open[0].id])
        #expect(decisions.allSatisfy { $0.registration.status == .cancelled && $0.registration.seatRequestedAt == nil })
        // Delivered again: nothing open is left, nothing happens.
        #expect(EventCancellation.cancelAll(decisions.map(\.registration) + closed, now: t0).isEmpty)
    }

    @Test func addedSeatsGoToTheFrontOfTheQueueOnePerSeat() {
        let queue = (1...4).map { registration(.waitlisted, position: $0) }
        let asking = registration(.waitlisted, position: 5, asking: true)
        let offered = SeatSaga.offerAll(unclaimed: 3, capacity: 10, to: (queue + [asking]).shuffled(), now: t0)
        #expect(offered.decisions.map(\.registration.id) == Array(queue.prefix(3).map(\.id)))
        #expect(offered.unclaimed == 0)
        #expect(offered.decisions.allSatisfy { $0.registration.status == .waitlisted && $0.registration.seatRequestedAt == t0 })
        let more = SeatSaga.offerAll(unclaimed: 7, capacity: 6, to: queue, now: t0)
        #expect(more.decisions.count == 4 && more.unclaimed == 2, "four can ask; two seats wait, capped by capacity")
        #expect(SeatSaga.offerAll(unclaimed: 0, capacity: 6, to: queue, now: t0).decisions.isEmpty)
    }

    @Test func theCopyTakesTheNewestUpdateAndCancellationIsFinal() throws {
        let copy = EventCopy(
            eventId: Identifier(), eventNumber: 1, title: "BATbern", eventDate: t0 + 30 * 86_400, registrationDeadline: t0 + 20 * 86_400,
            venueCapacity: 100, status: .registrationOpen, statusChangedAt: t0)
        let update = EventUpdated(
            eventId: copy.eventId, title: "BATbern 2", eventDate: t0 + 31 * 86_400, registrationDeadline: t0 + 21 * 86_400, venueCapacity: 120,
            seatsAdded: 20)
        let newer = try #require(EventCopies.updated(update, occurredAt: t0 + 10, existing: copy))
        #expect(newer.title == "BATbern 2" && newer.venueCapacity == 120 && newer.detailsChangedAt == t0 + 10 && newer.status == .registrationOpen)
        var older = update
        older.venueCapacity = 90
        #expect(EventCopies.updated(older, occurredAt: t0 + 5, existing: newer) == newer)
        #expect(EventCopies.updated(update, occurredAt: t0, existing: nil) == nil)
        let cancelled = try #require(EventCopies.cancelled(occurredAt: t0 + 1, existing: newer))
        #expect(cancelled.status == .cancelled)
        let late = EventStatusChanged(eventId: copy.eventId, from: .registrationOpen, to: .registrationClosed)
        // A status change from before the cancellation, delivered late, does not undo it.
        #expect(EventCopies.statusChanged(late, occurredAt: t0 + 0.5, existing: cancelled)?.status == .cancelled)
        #expect(!EventCopies.closesWaitlist(.cancelled))
        let closed = try #require(EventCopies.statusChanged(late, occurredAt: t0 + 2, existing: newer))
        #expect(EventCopies.closedRegistration(before: newer, after: closed))
        #expect(!EventCopies.closedRegistration(before: closed, after: closed))
    }
}
