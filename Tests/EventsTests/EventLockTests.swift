import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Events

/// Two lanes (or replicas) handling seat requests for the same events in
/// opposite orders at once: the event rows are locked per message, so
/// without lock keys taken first and sorted the two batches deadlock.
@Suite struct EventLockTests {
    @Test func seatRequestsForTheSameEventsInOppositeOrdersNeverDeadlock() async throws {
        try await HandlerHarness.with(worker: EventsWorker.definition(), context: "events") { h in
            var events: [Identifier] = []
            for _ in 0..<8 { events.append(try await SeatHandlerTests().openEvent(h, capacity: 1_000)) }
            let rounds = 20
            let tally = try await CrossedBatches.run(h, targets: events, rounds: rounds) { event, _, _ in
                let envelope = Envelope(
                    aggregateId: event.description, aggregateType: "Registration", eventType: "RegistrationRequested", occurredAt: t0,
                    data: RegistrationRequested(registrationId: Identifier(), eventId: event, attendeeId: Identifier())
                )
                return IncomingDelivery(body: try MessageCoding.encode(envelope), routingKey: "attendees.RegistrationRequested")
            }
            #expect(tally.deadlocks == 0, "deadlocks between the lanes: \(tally)")
            for event in events {
                #expect(try await SeatHandlerTests().counts(h, event) == (2 * rounds, 2 * rounds), "every request seated once")
            }
        }
    }
}
