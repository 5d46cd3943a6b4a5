import Attendees
import Events
import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// The timed lifecycle through the real events and attendees workers, at
/// test speed. Once the event is open, events restarts with offsets that put
/// its day's start and end a few seconds ahead, and the deadline moves to
/// now: registration closes, the event starts and ends within seconds.
@Suite struct TimedLifecycleSystemTests {
    @Test func registrationClosesTheEventStartsAndEndsByItselfAndAMovedDeadlineIsReplanned() async throws {
        let system = try await SystemFixture.start([.events, .attendees])
        let registrations = RegistrationSaga(system)
        let eventDate = Date().addingTimeInterval(86_400)
        let created = try await system.command(
            RegistrationSaga.createEvent,
            CreateEvent(
                eventNumber: Int.random(in: 1...Int(Int32.max)), title: "BATbern \(system.suffix)", eventDate: eventDate,
                registrationDeadline: eventDate.addingTimeInterval(-3600), venueName: "Kursaal Bern",
                venueAddress: "Kornhausstrasse 3, 3013 Bern", venueCapacity: 1, organizerId: Identifier()))
        let event = try #require(created.first?.uuid("eventId"), "\(created.map(\.data))")
        try await registrations.open(event)
        // One seat, three people: one confirmed, two waitlisted.
        let first = try await registrations.register(event, "first.\(system.suffix)@example.ch")
        var waiting: [Identifier] = []
        #expect(try await registrations.outcome(first.registrationId).routingKey == "attendees.RegistrationConfirmed")
        for name in ["second", "third"] {
            let registration = try await registrations.register(event, "\(name).\(system.suffix)@example.ch").registrationId
            // Its place settled before the next asks: events' two lanes may
            // take two requests in flight in either order.
            #expect(try await registrations.outcome(registration).routingKey == "attendees.RegistrationWaitlisted")
            waiting.append(registration)
        }

        // Whole seconds from now: the deadline, then the day's start and end by the offsets (UTC days).
        let deadline = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.up))
        let (start, end) = (deadline + 3, deadline + 6)
        let day = EventDay.interval(of: eventDate, in: TimeZone(identifier: "UTC") ?? .gmt)
        try await system.stop(.events)
        try await system.start(
            .events,
            environment: [
                "BATBERN_EVENTS_TIME_ZONE": "UTC",
                "BATBERN_EVENTS_START_OFFSET_SECONDS": "\(Int(start.timeIntervalSince(day.start)))",
                "BATBERN_EVENTS_COMPLETE_OFFSET_SECONDS": "\(Int(end.timeIntervalSince(day.end)))",
            ])
        // The moved deadline plans the lifecycle again; the timers of the first plan are dropped.
        let updated = try await system.command(.command("UpdateEvent", to: "events"), UpdateEvent(eventId: event, registrationDeadline: deadline))
        #expect(updated.first?.data["changed"] == .array([.string("registrationDeadline")]), "\(updated.map(\.data))")

        let moves = try await system.wait(for: "events.EventStatusChanged", count: 3, timeout: .seconds(90)) {
            $0.uuid("eventId") == event && ["registration_closed", "in_progress", "completed"].contains($0.string("to") ?? "")
        }
        #expect(moves.map { $0.string("to") } == ["registration_closed", "in_progress", "completed"])
        // Each when it was due, not before.
        for (move, due) in zip(moves, [deadline, start, end]) {
            #expect(move.header.occurredAt >= due, "\(move.string("to") ?? "") at \(move.header.occurredAt), due \(due)")
        }
        #expect(try await Saga(system).eventStatus(event) == "completed")

        // The waitlist was told at the close, and rejected once the event began.
        let told = try await system.wait(for: "attendees.WaitlistClosed", count: 2) { $0.uuid("eventId") == event }
        #expect(told.compactMap { $0.uuid("registrationId") } == waiting && told.map { $0.data["position"] } == [.number(1), .number(2)])
        let rejected = try await system.wait(for: "attendees.RegistrationRejected", count: 2) { $0.uuid("eventId") == event }
        #expect(Set(rejected.compactMap { $0.uuid("registrationId") }) == Set(waiting))
        #expect(rejected.allSatisfy { $0.string("reason") == "registration_closed" })
        try await eventually("the waitlist closed in attendees") { try await registrations.waitlist(event).isEmpty }
        #expect(try await system.count(.events, "SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL") == 0)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
