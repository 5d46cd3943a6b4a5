import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

@Suite struct EventCopyHandlerTests {
    func created(_ id: Identifier, status: EventStatus = .registrationOpen) -> EventCreated {
        EventCreated(
            eventId: id, eventNumber: 57, title: "BATbern 57", description: "Architecture", eventDate: Date().addingTimeInterval(86_400 * 30),
            registrationDeadline: Date().addingTimeInterval(86_400 * 20), venueName: "Kursaal", venueAddress: "Kornhausstrasse 3, Bern",
            venueCapacity: 100, organizerId: Identifier(), metadata: .object(["theme": .string("AI")]), status: status
        )
    }

    @Test func theCopyFollowsTheEventsStatus() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let t = Date()
        let early = try await h.send(Key.statusChanged, data: EventStatusChanged(eventId: event, from: .published, to: .registrationOpen), now: t)
        guard case .failed = early.outcome else {
            Issue.record("a change before EventCreated is retried, got \(early.outcome)")
            return
        }
        #expect(try await h.send(Key.eventCreated, data: created(event, status: .published), now: t.addingTimeInterval(-1)).outcome == .handled)
        #expect(try await h.redeliver(early, now: t).outcome == .handled)
        let copy = try await h.query("SELECT status, venue_capacity FROM event_copies WHERE event_id = $1", [event])
        #expect(try copy[0].decode(String.self, column: "status") == "registration_open")
        #expect(try copy[0].decode(Int.self, column: "venue_capacity") == 100)
        try await h.drop()
    }

    /// Lanes or replicas may take an event's EventCancelled before its
    /// EventCreated: the copy the late EventCreated writes is cancelled, and an
    /// older status change keeps it so. Before, the cancellation found no
    /// copy to mark and the late EventCreated left the copy open for good.
    @Test func anEventCreatedTakenAfterItsCancellationLeavesTheCopyCancelled() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let t = Date()
        let cancelled = try await h.send(
            MessageKey.event("EventCancelled", from: "events"), data: EventCancelled(eventId: event), now: t)
        #expect(cancelled.outcome == .handled)
        #expect(try await h.send(Key.eventCreated, data: created(event), now: t.addingTimeInterval(-2)).outcome == .handled)
        let opened = EventStatusChanged(eventId: event, from: .published, to: .registrationOpen)
        #expect(try await h.send(Key.statusChanged, data: opened, now: t.addingTimeInterval(-1)).outcome == .handled)
        let copy = try await h.query("SELECT status, title FROM event_copies WHERE event_id = $1", [event])
        #expect(try copy.first?.decode(String.self, column: "status") == "cancelled")
        #expect(try copy.first?.decode(String.self, column: "title") == "BATbern 57")
        try await h.drop()
    }

    @Test func theEndOfRegistrationClosesTheWaitlist() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        try await h.send(Key.eventCreated, data: created(event), now: Date().addingTimeInterval(-10))
        var waiting: [Identifier] = []
        for _ in 0..<3 {
            let someone = try await h.registerSomeone(event: event)
            try await h.refuse(someone.registration, event: event)
            waiting.append(someone.registration)
        }
        let closed = try await h.send(Key.statusChanged, data: EventStatusChanged(eventId: event, from: .registrationOpen, to: .registrationClosed))
        // registration_closed may reopen: the queue stays, and each in it is told.
        let told = try closed.messages("attendees.WaitlistClosed").map { try $0.decode(WaitlistClosed.self) }
        #expect(closed.names == ["WaitlistClosed", "WaitlistClosed", "WaitlistClosed"])
        #expect(told.map(\.registrationId) == waiting && told.map(\.position) == [1, 2, 3])
        #expect(try await h.queue(event).map(\.0) == waiting)
        // The same status again (a repeat, or an older change delivered late) tells no one twice.
        let repeated = try await h.send(Key.statusChanged, data: EventStatusChanged(eventId: event, from: .registrationOpen, to: .registrationClosed))
        #expect(repeated.published.isEmpty)
        let started = try await h.send(Key.statusChanged, data: EventStatusChanged(eventId: event, from: .registrationClosed, to: .inProgress))
        let rejected = try started.messages("attendees.RegistrationRejected").map { try $0.decode(RegistrationRejected.self) }
        #expect(Set(rejected.map(\.registrationId)) == Set(waiting))
        #expect(rejected.allSatisfy { $0.reason == .registrationClosed })
        #expect(try await h.queue(event).isEmpty)
        try await h.drop()
    }
}
