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
    static let pair =
        ProcessInfo.processInfo.environment["BATBERN_TEST_STANDBY_DATABASE_URL"]
        ?? "postgresql://batbern_test:batbern_test-dev-secret@127.0.0.1:5442,127.0.0.1:5443/batbern_test"
        + "?target_session_attrs=read-write"

    @Test func commitsWaitingForALostStandbyRunAgainOnceItIsPromoted() async throws {
        try await runLocalScript("standby.sh", "up", timeout: .seconds(180))
        let name = uniqueName("ufail").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe", server: Self.pair) {
            $0.consumer.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.relay.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.scheduler.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
        }
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        let count = 300
        let sender = Task {
            for n in 0..<count {
                try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n, holdMilliseconds: 2))
            }
        }
        try await eventually("messages flowing", timeout: .seconds(60)) { try await fixture.count("SELECT count(*) FROM probe_effects") > 30 }

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

        try await sender.value
        try await eventually("all handled on the promoted standby", timeout: .seconds(120)) {
            (try? await fixture.count("SELECT count(*) FROM probe_effects")) == count
        }
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == count, "nothing applied twice")
        #expect(try await fixture.count("SELECT inet_server_port()") == 5443)
        try await eventually("all published", timeout: .seconds(60)) {
            Set(tap.messages("\(fixture.name).Touched").map(\.properties.messageId)).count == count
        }
        #expect(fixture.metric("batbern_messages_parked_total") == 0, "nothing parked for the failover")
        print(
            """
            unreplicated commits: \(waiting) session(s) waited for the lost standby when the primary died; \
            found already applied after the failover \(Int(fixture.metric("batbern_messages_duplicate_total"))); \
            retried \(Int(fixture.metric("batbern_messages_retried_total")))
            """)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}
