import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// /health/live: a relay that keeps failing on its work while connected turns
/// the worker not live, so an orchestrator restarts it; progress ends that.
@Suite struct RelayLivenessTests {
    @Test func aRelayFailingPastTheStallTimeoutIsReportedAndRecoversOnceTheBacklogDrains() async throws {
        let name = uniqueName("krlive").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.stallTimeout = .seconds(2)
            $0.relay.reconnect = .init(initial: .milliseconds(100), maximum: .milliseconds(500))
        }
        try await fixture.database.execute("ALTER TABLE outbox ADD CONSTRAINT outbox_poison CHECK (sent_at IS NULL) NOT VALID")
        try await fixture.start()
        let port = try #require(fixture.worker?.httpPort)
        #expect(try httpGet(port: port, "/health/live").status == 200)

        let client = try await TestClient.connect()
        try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: 1))
        try await eventually("not live", timeout: .seconds(30)) { try httpGet(port: port, "/health/live").status == 503 }
        let stalled = try httpGet(port: port, "/health/live").body
        #expect(stalled.contains("relay: stalled"), "names the part: \(stalled)")
        #expect(stalled.contains("consumer: live"))
        #expect(fixture.metric("batbern_outbox_relay_failures_total") >= 2, "failed rounds are counted")
        #expect(try httpGet(port: port, "/health/ready").status == 200, "still connected: ready, only not live")

        try await fixture.database.execute("ALTER TABLE outbox DROP CONSTRAINT outbox_poison")
        try await eventually("drained", timeout: .seconds(30)) {
            try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
        }
        try await eventually("live again") { try httpGet(port: port, "/health/live").status == 200 }
        await client.close()
        try await fixture.tearDown()
    }
}
