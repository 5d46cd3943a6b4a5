import Foundation
import LoadGenerator
import TestSupport
import Testing
import WorkerHost

/// Replicas of every worker as competing consumers on the cluster's quorum
/// queues: `batbern run --replicas 1`, then `--replicas 3`, each under
/// registrations into the same few events and invitations to the same
/// sessions at once. Per-aggregate order must hold with three processes
/// racing for each event; deadlocks (those the workers' lanes lost, summed
/// from every replica's /metrics, so other tests using the database
/// meanwhile add none) and retries are counted and printed, and so is
/// attendees' throughput with one and with three replicas (figures, not
/// assertions: two shared cores).
///
/// `BATBERN_CLUSTER_LOAD_SECONDS` sets each load's length (default 4 s, CI's
/// bounded run); `BATBERN_CLUSTER_RATE` the registrations offered per second
/// (default 400, above what one replica settles here).
@Suite(.serialized) struct ClusterReplicaTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seconds = Double(environment["BATBERN_CLUSTER_LOAD_SECONDS"] ?? "") ?? 4
    static let rate = Double(environment["BATBERN_CLUSTER_RATE"] ?? "") ?? 400
    static let invitationRate = 40.0

    @Test func threeReplicasOfEveryWorkerKeepEachAggregatesOrder() async throws {
        let system = try await ClusterSystem.make()
        var lines: [String] = []
        do {
            for replicas in ["1", "3"] {
                lines.append(try await measure(system, replicas: replicas))
            }
        } catch {
            try? await system.tearDown()
            throw error
        }
        print("cluster replicas, registrations offered \(Int(Self.rate))/s and invitations \(Int(Self.invitationRate))/s for \(Int(Self.seconds)) s:")
        print(lines.joined(separator: "\n"))
        try await system.tearDown()
    }

    /// One run of `batbern run --replicas <replicas>` under both loads;
    /// returns its figures as a line.
    private func measure(_ system: ClusterSystem, replicas: String) async throws -> String {
        let run = try system.startWorkers(replicas: replicas, order: ClusterSystem.nodes)
        do {
            try await system.waitUntilReady(replicas: replicas)
            let confirmedBefore = try await system.count(.speakers, "SELECT count(*) FROM session_speakers WHERE status = 'confirmed'")
            let registrations = try system.load(
                [
                    "registrations", "--events", "3", "--capacity", "\(Int(Self.rate * Self.seconds) / 6)", "--rate", "\(Self.rate)",
                    "--duration", "\(Self.seconds)",
                ], order: [1, 2, 3])
            let invitations = try system.load(
                ["invitations", "--events", "2", "--rate", "\(Self.invitationRate)", "--duration", "\(Self.seconds)"], order: [2, 3, 1])
            let (registered, registrationReport, registrationLog) = try await ClusterSystem.report(of: registrations)
            let (invited, invitationReport, invitationLog) = try await ClusterSystem.report(of: invitations)

            let seats = try #require(registrationReport, "no report in:\n\(registrationLog.suffix(3000))")
            #expect(registered == 0, "\(registrationLog.suffix(3000))")
            #expect(seats.passed, "\(seats.invariants.filter { !$0.holds })")
            #expect(seats.answered == seats.sent && seats.missing == 0)
            try await system.checkRegistrations(seats.events)

            let speakers = try #require(invitationReport, "no report in:\n\(invitationLog.suffix(3000))")
            #expect(invited == 0, "\(invitationLog.suffix(3000))")
            #expect(speakers.passed, "\(speakers.invariants.filter { !$0.holds })")
            let confirmed = try await system.count(.speakers, "SELECT count(*) FROM session_speakers WHERE status = 'confirmed'")
            // Besides the invitations, each registration event's keynote speaker accepted at setup.
            #expect(confirmed - confirmedBefore == speakers.sent + seats.events.count, "every invitation confirmed once")
            #expect(
                try await system.count(
                    .speakers, "SELECT count(*) FROM session_speakers WHERE status NOT IN ('invited', 'tentative', 'confirmed', 'declined')") == 0,
                "invitation states valid")

            var retries: [String] = []
            var handled: [String] = []
            // Each run starts fresh processes, so their counters are this run's.
            var deadlocks: [String] = []
            for context in BoundedContext.allCases {
                let retried = try system.metric("batbern_messages_retried_total", of: context, replicas: replicas)
                if retried > 0 { retries.append("\(context.rawValue) \(Int(retried))") }
                let lost = try system.metric(
                    "batbern_transaction_conflicts_total", of: context, replicas: replicas, labelled: "kind=\"deadlock\"")
                if lost > 0 { deadlocks.append("\(context.rawValue) \(Int(lost))") }
                let messages = try system.metric("batbern_messages_handled_total", of: context, replicas: replicas)
                handled.append("\(context.rawValue) \(Int(messages / max(1, seats.elapsedSeconds)))")
            }
            let counting = try system.ports(replicas: replicas).allSatisfy {
                httpGet(port: $0.port, path: "/metrics", timeout: .seconds(5))?.body.contains("batbern_transaction_conflicts_total{") == true
            }
            #expect(counting, "every replica serves its deadlock count, so \"none\" means none")
            try await system.waitUntilEveryOutboxIsSent()
            run.signal(SIGTERM)
            #expect(try await run.waitForExit(timeout: .seconds(90)) == 0, "every worker stopped cleanly")
            let figures = String(
                format: "registrations %.0f sagas/s (p50 %.0f ms), invitations %.0f sagas/s", seats.throughput, seats.steps.last?.p50 ?? 0,
                speakers.throughput)
            return """
                  --replicas \(replicas): \(figures); deadlocks: \(deadlocks.isEmpty ? "none" : deadlocks.joined(separator: ", ")); retried: \(retries.isEmpty ? "none" : retries.joined(separator: ", "))
                    messages handled per second over the registrations' run, by worker (its replicas together): \(handled.joined(separator: ", "))
                """
        } catch {
            run.signal(SIGKILL)
            _ = try? await run.waitForExit(timeout: .seconds(10))
            throw error
        }
    }
}
