import Attendees
import FlowTrace
import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing
import WorkerHost

/// `batbern trace` against real workers: a registration that crossed
/// attendees, events and partners, with a retry in partners.
@Suite struct TraceTests {
    @Test func aRegistrationIsTracedAcrossThreeContextsWithItsRetry() async throws {
        let system = try await SystemFixture.start([.events, .attendees, .partners])
        let saga = RegistrationSaga(system)
        let event = try await saga.openEvent(capacity: 10)
        // partners cannot handle AttendeeRegistered while its table is away.
        try await system.execute(.partners, "ALTER TABLE attendees RENAME TO attendees_away")
        let command = try await system.send(
            RegistrationSaga.register,
            RegisterAttendee(eventId: event, email: "trace.\(system.suffix)@example.ch", firstName: "Tra", lastName: "Ce", gdprConsent: true)
        )
        try await eventually("partners failed once") { try await system.count(.partners, "SELECT count(*) FROM failures") >= 1 }
        try await system.execute(.partners, "ALTER TABLE attendees_away RENAME TO attendees")
        try await system.wait(for: "attendees.RegistrationConfirmed")
        try await eventually("partners handled it after the retry") {
            try await system.count(.partners, "SELECT count(*) FROM inbox WHERE handler = 'attendees.AttendeeRegistered'") == 1
        }

        let databases = try [BoundedContext.events, .attendees, .partners].map { context in
            (context.rawValue, try #require(system.databaseConfiguration(context)))
        }
        let started = ContinuousClock.now
        let timeline = try await FlowTracer.timeline(of: command, databases: databases)
        let took = ContinuousClock.now - started
        print("TraceTests: \(timeline.entries.count) records traced in \(took)")

        #expect(timeline.correlationId == command)
        #expect(Set(timeline.contexts) == ["attendees", "events", "partners"])
        let kinds = timeline.entries.map { "\($0.record.context) \($0.record.kind.rawValue) \($0.record.typeName)" }
        for expected in [
            "attendees handled RegisterAttendee", "attendees published RegistrationRequested", "events handled RegistrationRequested",
            "events published SeatReserved", "attendees handled SeatReserved", "attendees published RegistrationConfirmed",
            "partners retried AttendeeRegistered", "partners handled AttendeeRegistered",
        ] {
            #expect(kinds.contains(expected), "\(expected) in \(kinds)")
        }
        // Any message of the flow finds the whole flow.
        let reserved = try #require(timeline.entries.first { $0.record.typeName == "SeatReserved" }?.record.messageId)
        #expect(try await FlowTracer.timeline(of: reserved, databases: databases).entries.count == timeline.entries.count)

        let diagram = MermaidDiagram.render(timeline)
        #expect(diagram.contains("client->>attendees: RegisterAttendee"))
        #expect(diagram.contains("attendees->>events: RegistrationRequested (+"))
        #expect(diagram.contains("events->>attendees: SeatReserved (+"))
        #expect(diagram.contains("partners-xpartners: AttendeeRegistered failed, retried: "))
        #expect(diagram.contains("attendees->>partners: AttendeeRegistered (+"))
        #expect(!diagram.contains("trace.\(system.suffix)"), "no personal data")
        try await system.tearDown()
    }
}
