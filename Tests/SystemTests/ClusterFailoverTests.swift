import Foundation
import TestSupport
import Testing
import WorkerHost

/// A RabbitMQ node dies under load: the registration saga through the five
/// real workers (and notifications), on the three-node cluster, each worker
/// given all three addresses with the victim first, so every connection it
/// had must move to another node. Nothing may be lost or applied twice.
/// Throughput figures are printed, not asserted (two shared cores).
///
/// `BATBERN_CLUSTER_LOAD_SECONDS` sets the load's length (default 10 s, CI's
/// bounded run; docs/scaling.md's figures come from 25 s).
@Suite(.serialized) struct ClusterFailoverTests {
    static let seconds = Double(ProcessInfo.processInfo.environment["BATBERN_CLUSTER_LOAD_SECONDS"] ?? "") ?? 10
    static let rate = 200.0

    @Test func killingTheNodeLeadingAttendeesLosesNothingAndAppliesNothingTwice() async throws {
        let system = try await ClusterSystem.make()
        let victim = try await system.leader(of: "attendees")
        let survivors = ClusterSystem.nodes.filter { $0 != victim }
        let run = try system.startWorkers(replicas: "1", order: [victim] + survivors)
        do {
            try await system.waitUntilReady(replicas: "1")
            let events = 3
            let capacity = Int(Self.rate * Self.seconds) / events / 3
            let load = try system.load(
                [
                    "registrations", "--events", "\(events)", "--capacity", "\(capacity)", "--rate", "\(Self.rate)",
                    "--duration", "\(Self.seconds)",
                ], order: survivors + [victim])

            // A third of the load settled, then the node goes.
            let third = Int(Self.rate * Self.seconds / 3)
            try await eventually("a third of the registrations settled", timeout: .seconds(180), every: .milliseconds(200)) {
                (try? await system.settlements().count) ?? 0 >= third
            }
            let killedAt = Date().timeIntervalSince1970
            _ = try await runLocalScript("cluster.sh", "kill", "\(victim)")

            let (status, report, log) = try await ClusterSystem.report(of: load)
            let figures = try #require(report, "no report in:\n\(log)")
            #expect(status == 0, "\(log.suffix(3000))")
            #expect(figures.passed, "\(figures.invariants.filter { !$0.holds })")
            #expect(figures.sent == Int(Self.rate * Self.seconds))
            #expect(figures.answered == figures.sent && figures.missing == 0, "every registration settled")
            try await system.checkRegistrations(figures.events)
            print(
                "cluster failover: \(figures.duplicateDeliveries) answers seen twice by the load (republished after the failover; the inboxes applied each once)"
            )
            try await system.waitUntilEveryOutboxIsSent()

            let times = try await system.settlements()
            #expect(times.count == figures.sent, "one settlement per registration")
            let windows = ThroughputWindows(times: times, width: 5)
            let fine = ThroughputWindows(times: times, width: 1, from: windows.start)
            let before = fine.meanRate(from: windows.start + 2, to: killedAt)
            let recovery = fine.recovery(after: killedAt, baseline: before)
            print(
                """
                cluster failover: node \(victim) (attendees' leader) SIGKILLed \(String(format: "%.1f", killedAt - windows.start)) s \
                into the load, \(Int(Self.rate))/s for \(Int(Self.seconds)) s
                settled per 5 s window:
                \(windows.lines(marking: killedAt).joined(separator: "\n"))
                before: \(String(format: "%.0f", before))/s; back to >= 80 % of it \
                \(recovery.map { String(format: "%.0f s", $0) } ?? "never within the run") after the kill
                """)

            // The node comes back and rejoins.
            _ = try await runLocalScript("cluster.sh", "start", "\(victim)", timeout: .seconds(180))
            try await eventually("node \(victim) rejoined", timeout: .seconds(120), every: .seconds(1)) {
                let members = (try? await runLocalScript("cluster.sh", "members")) ?? ""
                return members.contains("batbern-c\(victim)@localhost") && members.split(separator: "\n").count == 3
            }
            run.signal(SIGTERM)
            #expect(try await run.waitForExit(timeout: .seconds(60)) == 0, "every worker stopped cleanly")
        } catch {
            run.signal(SIGKILL)
            _ = try? await run.waitForExit(timeout: .seconds(10))
            _ = try? await runLocalScript("cluster.sh", "up", timeout: .seconds(300))
            try? await system.tearDown()
            throw error
        }
        try await system.tearDown()
    }
}
