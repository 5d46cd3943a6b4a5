import Foundation
import KernelProbe
import Messaging
import Postgres
import TestSupport
import Testing

/// A commit whose outcome the worker never learns: the standby is gone, so
/// the primary's commits wait for it; then the primary dies too. What they
/// wrote is on no server that survives, the worker saw only a lost
/// connection and acked nothing, so once the standby is back and promoted
/// it runs them again: each message applied once, none lost. Runs on its
/// own after the Outage phase (deploy/local/test.sh): it kills standby.sh's
/// pair, which no other test uses.
@Suite(.serialized) struct UnreplicatedCommitFailoverTests {
    @Test func commitsWaitingForALostStandbyRunAgainOnceItIsPromoted() async throws {
        try await FailoverProbe.with(holdMilliseconds: 2) { probe in
            let fixture = probe.fixture
            try await runLocalScript("standby.sh", "stop-standby")
            // The lanes' commits now wait for the standby, invisible to everyone else.
            let primary = try await PostgresConnection.connect(fixture.databaseConfiguration)
            try await eventually("a commit waiting for the standby", timeout: .seconds(60)) {
                try await primary.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")[0].decode(Int.self, at: 0) > 0
            }
            let waiting = try await primary.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")[0].decode(Int.self, at: 0)
            await primary.close()
            try await runLocalScript("standby.sh", "kill-primary")
            try await runLocalScript("standby.sh", "start-standby")
            try await runLocalScript("standby.sh", "promote")

            try await probe.expectEachAppliedOnceOnThePromotedStandby()
            print(
                """
                unreplicated commits: \(waiting) session(s) waited for the lost standby when the primary died; \
                found already applied after the failover \(Int(fixture.metric("batbern_messages_duplicate_total"))); \
                retried \(Int(fixture.metric("batbern_messages_retried_total")))
                """)
        }
    }
}
