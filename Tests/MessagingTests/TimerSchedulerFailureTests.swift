import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A scheduler whose every round fails on a server error: it backs off,
/// counts the failures, turns the worker not live, and fires once fixed.
@Suite struct TimerSchedulerFailureTests {
    @Test func aSchedulerFailingPastTheStallTimeoutBacksOffIsReportedAndFiresOnceFixed() async throws {
        let name = uniqueName("ktfail").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.stallTimeout = .seconds(2)
            $0.scheduler.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(2))
        }
        // No timer can be marked fired: every round with a due timer fails.
        try await fixture.database.execute("ALTER TABLE timers ADD CONSTRAINT timers_poison CHECK (fired_at IS NULL) NOT VALID")
        try await fixture.start()
        let port = try #require(fixture.worker?.httpPort)
        let tap = try await EventTap.open(bindings: ["\(name).Touched"])
        let client = try await TestClient.connect()
        try await client.send(.command("Remind", to: name), data: KernelProbe.Remind(n: 7, inSeconds: 0, key: "poison"))

        try await eventually("not live", timeout: .seconds(30)) { try httpGet(port: port, "/health/live").status == 503 }
        let stalled = try httpGet(port: port, "/health/live").body
        #expect(stalled.contains("scheduler: stalled"), "names the part: \(stalled)")
        // A measurement window, not synchronisation: how often it fails in 4 s.
        let before = fixture.metric("batbern_timer_scheduler_failures_total")
        #expect(before >= 1, "failed rounds are counted")
        try await Task.sleep(for: .seconds(4))
        let during = fixture.metric("batbern_timer_scheduler_failures_total") - before
        print("scheduler failures in 4 s: \(during)")
        #expect(during >= 1, "it keeps trying")
        #expect(during <= 15, "with growing delays (capped at 2 s), not in a tight loop")

        try await fixture.database.execute("ALTER TABLE timers DROP CONSTRAINT timers_poison")
        try await tap.wait(for: "\(name).Touched")
        try await eventually("live again") { try httpGet(port: port, "/health/live").status == 200 }
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}
