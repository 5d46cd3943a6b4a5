import Foundation
import Identifiers
import KernelProbe
import Messaging
import Postgres
import TestSupport
import Testing

/// A lane counts the transaction conflicts it absorbs where they happen, on
/// its worker's /metrics, and still applies each message once: operators see
/// a worker's conflict storm without reading PostgreSQL's statistics, which
/// count every session of the database.
@Suite struct ConflictMetricsTests {
    static let conflicts = "batbern_transaction_conflicts_total"
    static let split = "batbern_batches_split_total"

    /// Served at 0 from the start, so a rate or `batbern status` has a series
    /// before the first conflict.
    @Test func theConflictSeriesAreServedBeforeAnyConflict() async throws {
        let name = uniqueName("kconf").replacingOccurrences(of: "-", with: "")
        try await WorkerFixture.with(KernelProbe.definition(name: name), context: "probe") { fixture in
            let port = try #require(fixture.worker?.httpPort)
            let metrics = try httpGet(port: port, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.body.contains("\(Self.conflicts){worker=\"\(name)\",kind=\"deadlock\"} 0"))
            #expect(metrics.body.contains("\(Self.conflicts){worker=\"\(name)\",kind=\"serialization\"} 0"))
            #expect(metrics.body.contains("\(Self.split){worker=\"\(name)\"} 0"))
        }
    }

    /// Every error `PostgresError.isTransient` covers has a kind of its own,
    /// from a short fixed list: the label cannot grow without bound.
    @Test func eachTransientErrorIsCountedUnderItsKind() {
        let kinds = ["40P01", "40001", "55P03", "26000", "0A000"].map { WorkerMetrics.conflictKind(sqlState: $0) }
        #expect(kinds == ["deadlock", "serialization", "55P03", "26000", "0A000"])
        #expect(WorkerMetrics.conflictKind(sqlState: nil) == "unknown")
    }

    /// The lane's batch and another transaction cross: the other holds the
    /// probe row the lane's handler will write, then waits for the inbox row
    /// the lane holds while the handler sleeps. When the handler wakes and
    /// writes, the lane closes the cycle, so PostgreSQL picks the lane as the
    /// victim (the other's deadlock check ran while the lane still slept).
    @Test func aDeadlockedBatchIsCountedRunAgainAndAppliedOnce() async throws {
        let name = uniqueName("kdead").replacingOccurrences(of: "-", with: "")
        let application = "test-\(name)"
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.consumer.concurrency = 1
            $0.database.applicationName = application
        }
        let other = try await PostgresConnection.connect(fixture.databaseConfiguration)
        let watcher = try await PostgresConnection.connect(fixture.databaseConfiguration)
        let client = try await TestClient.connect()
        try await withCleanup {
            try await fixture.start()
            // Bounded: a wait that went wrong ends the test, not the suite.
            try await other.runScript("SET lock_timeout = '60s'; BEGIN")
            let crossed = Identifier()
            try await other.execute("INSERT INTO probe_effects (message_id, n) VALUES ($1, 0)", [crossed])
            try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: 1, holdMilliseconds: 2_000), id: crossed)
            var ids = [crossed]
            for n in 2...4 { ids.append(try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: n))) }

            // The lane wrote the crossed message's inbox row (uncommitted) and its handler sleeps.
            try await eventually("the lane's handler holds the message", timeout: .seconds(30), every: .milliseconds(10)) {
                try await watcher.query(
                    "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event = 'PgSleep'", [application]
                ).count == 1
            }
            do {
                // Waits for the lane's inbox row; returns once the lane was the victim.
                try await other.execute("INSERT INTO inbox (message_id, handler) VALUES ($1, $2)", [crossed, "\(name).Touch"])
            } catch let error as PostgresError where error.sqlState == "40P01" {
                Issue.record("the test's transaction was the victim, not the lane's: it began waiting too late")
            }
            try await other.runScript("ROLLBACK")

            try await eventually("every message handled", timeout: .seconds(60)) {
                fixture.metric("batbern_messages_handled_total") == 4
            }
            #expect(fixture.metric(Self.conflicts, labelled: "kind=\"deadlock\"") >= 1, "the lane's deadlock is counted")
            #expect(fixture.metric(Self.conflicts, labelled: "kind=\"serialization\"") == 0)
            #expect(fixture.metric("batbern_messages_failed_total") == 0, "run again in the lane, not through a retry queue")
            let effects = try await fixture.query("SELECT message_id, n FROM probe_effects ORDER BY n").map {
                (try $0.decode(Identifier.self, at: 0), try $0.decode(Int.self, at: 1))
            }
            #expect(effects.map(\.0) == ids, "each message applied once, the crossed one by the lane")
            #expect(effects.map(\.1) == [1, 2, 3, 4])
            #expect(try await fixture.count("SELECT count(*) FROM inbox") == 4)
            #expect(try await fixture.count("SELECT count(*) FROM outbox WHERE routing_key = $1", ["\(name).Touched"]) == 4)
        } cleanup: {
            await client.close()
            await other.close()
            await watcher.close()
            try await fixture.tearDown()
        }
    }
}
