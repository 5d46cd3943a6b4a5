import Foundation
import Identifiers
import LoadGenerator
import Postgres
import TestSupport
import Testing
import WorkerHost

/// `batbern load` as an operator runs it, against real workers (in this
/// process, in a vhost of their own): a short run holds the sagas'
/// invariants and its figures agree with the tables; answers that never
/// come fail the run. No timing is asserted.
@Suite struct LoadCommandTests {
    /// Runs `batbern load <arguments> --json` with the vhost's operator URL;
    /// returns its exit status, its report (the one JSON line) and its output.
    static func load(_ system: SystemFixture, _ arguments: [String]) async throws -> (status: Int32, report: LoadReport?, log: String) {
        let process = try WorkerProcess.start(
            // Generous: under CI's parallel run (two hundred suites on two
            // cores) the set-up alone took 144 s once and over 120 s once
            // (11 s when the suite runs alone).
            ["load"] + arguments + ["--json", "--setup-timeout", "300"], environment: ["BATBERN_ADMIN_AMQP_URL": system.amqpURL]
        )
        let status = try await process.waitForExit(timeout: .seconds(540))
        let log = process.log
        let line = log.split(separator: "\n").last { $0.hasPrefix("{") }
        return (status, try line.map { try JSONDecoder().decode(LoadReport.self, from: Data($0.utf8)) }, log)
    }

    @Test func registrationsTwoSecondsAt200PerSecondIntoOneEventOf100Seats() async throws {
        let system = try await SystemFixture.start(BoundedContext.allCases)
        let (status, report, log) = try await Self.load(
            system,
            [
                "registrations", "--events", "1", "--capacity", "100", "--rate", "200", "--duration", "2", "--drain-timeout", "180",
            ])
        let figures = try #require(report, "no report in:\n\(log)")
        #expect(status == 0, "\(log)")
        #expect(figures.passed, "\(figures.invariants.filter { !$0.holds })")
        #expect(figures.invariants.count == 6)
        #expect(figures.sent == 400 && figures.answered == 400 && figures.missing == 0)
        #expect(figures.steps.map(\.count) == [400, 400, 400])
        #expect(figures.events.count == 1)
        let event = try #require(figures.events.first)
        #expect(event.registrations == 400 && event.confirmed == 100 && event.waitlisted == 300 && event.refused == 0)

        // What the bus told the tool is what the tables hold.
        #expect(
            try await system.count(
                .attendees,
                """
                SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'
                """, [event.event]) == 100)
        let positions = try await system.query(
            .attendees,
            """
            SELECT waitlist_position FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY 1
            """, [event.event]
        ).map { try $0.decode(Int.self, at: 0) }
        #expect(positions == Array(1...300))
        #expect(try await system.count(.events, "SELECT current_attendee_count FROM events WHERE id = $1", [event.event]) == 100)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    @Test func invitationsOneSecondAt100PerSecondOverTwoSessionsAreAllConfirmed() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers])
        let (status, report, log) = try await Self.load(
            system,
            [
                "invitations", "--events", "2", "--rate", "100", "--duration", "1", "--drain-timeout", "180",
            ])
        let figures = try #require(report, "no report in:\n\(log)")
        #expect(status == 0, "\(log)")
        #expect(figures.passed, "\(figures.invariants.filter { !$0.holds })")
        #expect(figures.sent == 100 && figures.answered == 100 && figures.missing == 0)
        #expect(figures.steps.map(\.count) == [100, 100, 100])
        // The 100 accepted; the one invitation per session setup sent stays open.
        #expect(try await system.count(.speakers, "SELECT count(*) FROM session_speakers WHERE status = 'confirmed'") == 100)
        #expect(try await system.count(.speakers, "SELECT count(*) FROM session_speakers WHERE status = 'invited'") == 2)
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    /// attendees' queue exists but nobody consumes it: setup (companies,
    /// speakers, events) works, no registration is ever answered, and once
    /// the drain timeout passes the run says so and exits 1.
    @Test func answersStillMissingAfterTheDrainTimeoutFailTheRun() async throws {
        let system = try await SystemFixture.start([.companies, .events, .speakers, .attendees], startingWorkers: false)
        for context: BoundedContext in [.companies, .events, .speakers] { try await system.start(context) }
        let channel = try await system.client.connection.openChannel()
        try await #require(try system.topology(.attendees)).declare(on: channel)
        try await channel.close()

        let (status, report, log) = try await Self.load(
            system,
            [
                "registrations", "--rate", "20", "--duration", "1", "--drain-timeout", "2", "--settle", "0",
            ])
        let figures = try #require(report, "no report in:\n\(log)")
        #expect(status == 1, "\(log)")
        #expect(!figures.passed)
        #expect(figures.sent == 20 && figures.answered == 0 && figures.missing == 20)
        let answered = try #require(figures.invariants.first { $0.name == "every command answered" })
        #expect(!answered.holds && answered.detail.hasPrefix("20 of 20"))
        try await system.tearDown()
    }
}
