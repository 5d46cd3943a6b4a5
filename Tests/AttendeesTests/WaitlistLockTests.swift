import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

/// Two lanes (or replicas) taking events' seat answers for the same events
/// in opposite orders at once: each answer locks its event's waitlist row,
/// so without lock keys taken first and sorted the two batches deadlock.
@Suite struct WaitlistLockTests {
    @Test func seatAnswersForTheSameEventsInOppositeOrdersNeverDeadlock() async throws {
        try await HandlerHarness.with(worker: AttendeesWorker.definition(), context: "attendees") { h in
            let rounds = 15
            var registrations: [Identifier: [Identifier]] = [:]
            for _ in 0..<8 {
                let event = Identifier()
                for _ in 0..<(2 * rounds) { registrations[event, default: []].append(try await h.registerSomeone(event: event).registration) }
            }
            let waiting = registrations
            let tally = try await CrossedBatches.run(h, targets: Array(waiting.keys), rounds: rounds) { event, round, lane in
                let registration = waiting[event]?[2 * round + lane] ?? Identifier()
                return try Consumers.delivery(Key.seatReserved, SeatReserved(registrationId: registration, eventId: event, currentAttendeeCount: 1))
            }
            #expect(tally.deadlocks == 0, "deadlocks between the lanes: \(tally)")
            #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE status = 'confirmed'") == 8 * 2 * rounds)
        }
    }
}
