import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

/// attendees following events' cancellation, updates and registration close,
/// against a real database through the kernel's processor.
@Suite struct EventCancellationHandlerTests {
    static let updated = MessageKey.event("EventUpdated", from: "events")
    static let cancelled = MessageKey.event("EventCancelled", from: "events")

    func open(_ h: HandlerHarness, capacity: Int) async throws -> Identifier {
        let event = Identifier()
        try await h.send(
            Key.eventCreated,
            data: EventCreated(
                eventId: event, eventNumber: 57, title: "BATbern 57", eventDate: Date().addingTimeInterval(30 * 86_400),
                registrationDeadline: Date().addingTimeInterval(20 * 86_400), venueName: "Kursaal", venueAddress: "Bern",
                venueCapacity: capacity, organizerId: Identifier(), status: .registrationOpen
            ), now: Date().addingTimeInterval(-60))
        return event
    }

    /// `confirmed` registrations holding seats, `waitlisted` in the queue and `pending` awaiting events' answer.
    func fill(_ h: HandlerHarness, _ event: Identifier, confirmed: Int, waitlisted: Int, pending: Int = 0) async throws
        -> (confirmed: [Identifier], waitlisted: [Identifier], pending: [Identifier])
    {
        var result: ([Identifier], [Identifier], [Identifier]) = ([], [], [])
        for _ in 0..<confirmed {
            let someone = try await h.registerSomeone(event: event)
            try await h.reserve(someone.registration, event: event)
            result.0.append(someone.registration)
        }
        for _ in 0..<waitlisted {
            let someone = try await h.registerSomeone(event: event)
            try await h.refuse(someone.registration, event: event)
            result.1.append(someone.registration)
        }
        for _ in 0..<pending { result.2.append(try await h.registerSomeone(event: event).registration) }
        return result
    }

    @Test func theEventsCancellationCancelsEveryRegistrationAndPromotesNobody() async throws {
        try await HandlerHarness.with(worker: AttendeesWorker.definition(), context: "attendees") { h in
            let event = try await open(h, capacity: 2)
            let (confirmed, waitlisted, pending) = try await fill(h, event, confirmed: 2, waitlisted: 3, pending: 1)
            let result = try await h.send(Self.cancelled, data: EventCancelled(eventId: event))
            #expect(result.outcome == .handled)
            #expect(Set(result.names) == ["RegistrationCancelled"])
            let answers = try result.messages("attendees.RegistrationCancelled").map { try $0.decode(RegistrationCancelled.self) }
            #expect(Set(answers.map(\.registrationId)) == Set(confirmed + waitlisted + pending))
            #expect(answers.allSatisfy { $0.reason == .eventCancelled })
            #expect(Set(answers.filter(\.heldSeat).map(\.registrationId)) == Set(confirmed))
            #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status <> 'cancelled'", [event]) == 0)
            #expect(try await h.query("SELECT status FROM event_copies WHERE event_id = $1", [event])[0].decode(String.self, at: 0) == "cancelled")
            // Repeats and the saga's stragglers change nothing and promote nobody.
            #expect(try await h.redeliver(result).outcome == .duplicate)
            let again = try await h.send(Self.cancelled, data: EventCancelled(eventId: event))
            #expect(again.outcome == .handled && again.published.isEmpty)
            let freed = try await h.send(Key.seatReleased, data: SeatReleased(registrationId: confirmed[0], eventId: event, currentAttendeeCount: 0))
            #expect(freed.published.isEmpty)
            let raised = try await h.send(
                Self.updated,
                data: EventUpdated(
                    eventId: event, title: "BATbern 57", eventDate: Date(), registrationDeadline: Date(), venueCapacity: 10, seatsAdded: 8))
            #expect(raised.published.isEmpty)
        }
    }

    @Test func aRaisedCapacityOffersItsSeatsToTheWaitlistInOrder() async throws {
        try await HandlerHarness.with(worker: AttendeesWorker.definition(), context: "attendees") { h in
            let event = try await open(h, capacity: 1)
            let (_, waitlisted, _) = try await fill(h, event, confirmed: 1, waitlisted: 4)
            let update = EventUpdated(
                eventId: event, title: "BATbern 57 (big hall)", eventDate: Date().addingTimeInterval(30 * 86_400),
                registrationDeadline: Date().addingTimeInterval(20 * 86_400), venueCapacity: 3, seatsAdded: 2)
            let result = try await h.send(Self.updated, data: update)
            let asked = try result.messages("attendees.RegistrationRequested").map { try $0.decode(RegistrationRequested.self).registrationId }
            #expect(asked == Array(waitlisted.prefix(2)))
            let copy = try await h.query("SELECT title, venue_capacity FROM event_copies WHERE event_id = $1", [event])[0]
            #expect(
                try copy.decode(String.self, column: "title") == "BATbern 57 (big hall)" && (try copy.decode(Int.self, column: "venue_capacity")) == 3
            )
            for (count, id) in zip([2, 3], asked) { try await h.reserve(id, event: event, count: count) }
            #expect(try await h.queue(event).map(\.0) == Array(waitlisted.suffix(2)))
            #expect(try await h.queue(event).map(\.1) == [1, 2])
            #expect(try await h.redeliver(result).outcome == .duplicate)
            // Before EventCreated it is retried, like a status change.
            let early = try await h.send(
                Self.updated,
                data: EventUpdated(
                    eventId: Identifier(), title: "x", eventDate: Date(), registrationDeadline: Date(), venueCapacity: 1, seatsAdded: 0))
            guard case .failed = early.outcome else {
                Issue.record("an update before EventCreated is retried, got \(early.outcome)")
                return
            }
        }
    }
}
