import Attendees
import Foundation
import Identifiers
import LoadGenerator
import Postgres
import TestSupport
import Testing
import WorkerHost

/// PostgreSQL failover under load (issue 15): events' and attendees'
/// databases on deploy/local/standby.sh's pair (a primary and its synchronous
/// standby, reached through a multi-host URL), the other contexts on the test
/// server; `batbern load registrations` into three events with capacity and
/// waitlist; mid-load the primary is SIGKILLed and the standby promoted.
/// Runs on its own after the Outage phase (deploy/local/test.sh): it kills a
/// server, if not one any other test uses.
@Suite(.serialized) struct DatabaseFailoverTests {
    static let pair =
        ProcessInfo.processInfo.environment["BATBERN_TEST_STANDBY_DATABASE_URL"]
        ?? "postgresql://batbern_test:batbern_test-dev-secret@127.0.0.1:5442,127.0.0.1:5443/batbern_test"
        + "?target_session_attrs=read-write"
    static let outcomes: Set<String> = ["attendees.RegistrationConfirmed", "attendees.RegistrationWaitlisted"]
    static let rate = 150
    static let seconds = 20
    static let capacity = 400

    @Test func registrationsCarryOnAfterThePrimaryDiesLosingNothingAndRepeatingNothing() async throws {
        try await runLocalScript("standby.sh", "up", timeout: .seconds(180))
        try await expectAWriteOnTheStandbyToCountAsAConnectionFailure()
        let system = try await SystemFixture.start(
            [.companies, .events, .speakers, .attendees], servers: [.events: Self.pair, .attendees: Self.pair])
        let clock = AnswerClock { system.events.deliveries.count { Self.outcomes.contains($0.routingKey) } }
        let load = try WorkerProcess.start(
            [
                "load", "registrations", "--events", "3", "--capacity", String(Self.capacity), "--rate", String(Self.rate),
                "--duration", String(Self.seconds), "--drain-timeout", "120", "--setup-timeout", "120", "--json",
            ], environment: ["BATBERN_ADMIN_AMQP_URL": system.amqpURL])

        // A third of the way in: what the workers answered so far must survive.
        try await eventually("a third of the registrations answered", timeout: .seconds(180), every: .milliseconds(100)) {
            clock.count(at: .now) >= Self.rate * Self.seconds / 3
        }
        let answeredBefore = Set(system.published.filter { Self.outcomes.contains($0.routingKey) }.compactMap { $0.uuid("registrationId") })
        let killed = ContinuousClock.now
        try await runLocalScript("standby.sh", "kill-primary")
        try await runLocalScript("standby.sh", "promote")
        let promoted = ContinuousClock.now

        let status = try await load.waitForExit(timeout: .seconds(300))
        clock.stop()
        let line = load.log.split(separator: "\n").last { $0.hasPrefix("{") }
        let report = try #require(try line.map { try JSONDecoder().decode(LoadReport.self, from: Data($0.utf8)) }, "\(load.log)")
        #expect(status == 0, "\(load.log)")
        #expect(report.passed, "\(report.invariants.filter { !$0.holds })")
        #expect(report.sent == Self.rate * Self.seconds && report.answered == report.sent && report.missing == 0)

        // The workers write to the promoted standby now.
        #expect(try await system.query(.attendees, "SELECT inet_server_port()")[0].decode(Int.self, at: 0) == 5443)
        // Nothing committed is lost: every registration answered before the kill is there.
        let stored = Set(
            try await system.query(.attendees, "SELECT id FROM event_registrations").map { try $0.decode(Identifier.self, at: 0) })
        #expect(answeredBefore.subtracting(stored).isEmpty, "\(answeredBefore.subtracting(stored).count) answered but lost")
        #expect(!answeredBefore.isEmpty)
        try await expectEachAppliedOnce(system, report)
        #expect(system.worker(.attendees)?.metric("batbern_messages_parked_total") == 0, "nothing parked for the failover")
        #expect(system.worker(.events)?.metric("batbern_messages_parked_total") == 0, "nothing parked for the failover")

        // The workers carry on: a registration sent now is answered.
        let event = try #require(report.events.first?.event)
        let id = try await system.send(
            .command("RegisterAttendee", to: "attendees"),
            RegisterAttendee(eventId: event, email: "after.failover@load.example", firstName: "After", lastName: "Failover", gdprConsent: true))
        let answer = try await system.answers(to: id, timeout: .seconds(60))
        #expect(answer.map(\.routingKey).contains("attendees.RegistrationRequested"))
        try await eventually("its outcome", timeout: .seconds(60)) {
            system.published.contains { Self.outcomes.contains($0.routingKey) && $0.header.correlationId == id }
        }

        func metric(_ context: BoundedContext, _ name: String) -> Int { Int(system.worker(context)?.metric(name) ?? 0) }
        let recovered = clock.firstAnswer(after: promoted)
        let window = Duration.seconds(5)
        print(
            """
            failover figures: \(report.sent) registrations at \(Self.rate)/s into 3 events of \(Self.capacity) seats; \
            kill-primary + promote took \(promoted - killed); \
            longest time without an answer \(clock.longestSilence(after: killed - window)); \
            first answer \(recovered.map { "\($0 - killed)" } ?? "never") after the kill; \
            answers/s in the \(window) before the kill \(clock.rate(from: killed - window, over: window)), \
            in the \(window) after the first answer \(recovered.map { clock.rate(from: $0, over: window) } ?? 0); \
            answers delivered twice (same id) \(report.duplicateDeliveries); \
            messages found already applied (inbox) by attendees \(metric(.attendees, "batbern_messages_duplicate_total")), \
            events \(metric(.events, "batbern_messages_duplicate_total")); \
            retried \(metric(.attendees, "batbern_messages_retried_total") + metric(.events, "batbern_messages_retried_total"))
            """)
        try await system.tearDown()
    }

    /// A worker that reached the standby (a URL without
    /// `target_session_attrs=read-write`) reconnects instead of failing its
    /// messages: the server's refusal (25006) counts as a connection failure.
    func expectAWriteOnTheStandbyToCountAsAConnectionFailure() async throws {
        var standbyOnly = try PostgresConnection.Configuration(url: Self.pair)
        standbyOnly.servers = [.init(host: "127.0.0.1", port: 5443)]
        standbyOnly.targetSessionAttributes = .any
        let standby = try await PostgresConnection.connect(standbyOnly)
        let error = await #expect(throws: PostgresError.self) { try await standby.execute("CREATE TABLE refused (n int)") }
        #expect(error?.sqlState == "25006" && error?.isConnectionFailure == true, "\(String(describing: error))")
        await standby.close()
    }

    /// Nothing applied twice: one request, one seat answer and one outcome
    /// per registration in the outboxes (a commit lost with the primary and
    /// run again would have left a second under a new id), no registration
    /// twice, and seats counted once.
    func expectEachAppliedOnce(_ system: SystemFixture, _ report: LoadReport) async throws {
        let sent = report.sent
        #expect(try await system.count(.attendees, "SELECT count(*) FROM outbox WHERE message_type = 'RegistrationRequested'") == sent)
        #expect(
            try await system.count(
                .attendees, "SELECT count(*) FROM outbox WHERE message_type IN ('RegistrationConfirmed', 'RegistrationWaitlisted')")
                == sent)
        #expect(
            try await system.count(.events, "SELECT count(*) FROM outbox WHERE message_type IN ('SeatReserved', 'SeatRejected')") == sent)
        for tally in report.events {
            let registrations = try await system.query(
                .attendees, "SELECT status, waitlist_position FROM event_registrations WHERE event_id = $1", [tally.event])
            #expect(registrations.count == tally.registrations)
            let confirmed = try registrations.filter { try $0.decode(String.self, at: 0) == "confirmed" }.count
            let positions = try registrations.compactMap { try $0.decode(Int?.self, at: 1) }.sorted()
            #expect(confirmed == min(Self.capacity, tally.registrations))
            #expect(positions == (0..<(tally.registrations - confirmed)).map { $0 + 1 }, "waitlist positions 1...k")
            #expect(
                try await system.count(.events, "SELECT current_attendee_count FROM events WHERE id = $1", [tally.event]) == confirmed)
        }
    }
}
