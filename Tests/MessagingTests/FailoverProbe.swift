import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A probe worker on standby.sh's pair, fed Touch commands while a test
/// breaks the primary; the failover tests' shared set-up and verdict.
struct FailoverProbe {
    static let pairURL =
        ProcessInfo.processInfo.environment["BATBERN_TEST_STANDBY_DATABASE_URL"]
        ?? "postgresql://batbern_test:batbern_test-dev-secret@127.0.0.1:5442,127.0.0.1:5443/batbern_test"
        + "?target_session_attrs=read-write"

    let fixture: WorkerFixture
    let tap: EventTap
    let count: Int
    /// Sends the commands; done once every one is confirmed by the broker.
    let sender: Task<Void, any Error>

    /// Brings the pair up, starts the worker (reconnecting fast) on `server`,
    /// starts sending `count` commands that each hold their transaction
    /// `holdMilliseconds`, and runs `body` once messages flow. Cleans up
    /// whatever `body` does.
    static func with(
        server: String = pairURL, count: Int = 300, holdMilliseconds: Int, _ body: (FailoverProbe) async throws -> Void
    ) async throws {
        try await runLocalScript("standby.sh", "up", timeout: .seconds(180))
        let name = uniqueName("fail").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe", server: server) {
            $0.consumer.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.relay.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.scheduler.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
        }
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        let sender = Task {
            for n in 0..<count {
                try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n, holdMilliseconds: holdMilliseconds))
            }
        }
        let probe = FailoverProbe(fixture: fixture, tap: tap, count: count, sender: sender)
        try await withCleanup {
            try await eventually("messages flowing", timeout: .seconds(60)) { try await fixture.count("SELECT count(*) FROM probe_effects") > 30 }
            try await body(probe)
        } cleanup: {
            sender.cancel()
            await tap.close()
            await client.close()
            try await fixture.tearDown()
        }
    }

    /// After the standby's promotion: every command applied once, on the
    /// standby, each event published, nothing parked.
    func expectEachAppliedOnceOnThePromotedStandby() async throws {
        try await sender.value
        try await eventually("all handled on the promoted standby", timeout: .seconds(90)) {
            (try? await fixture.count("SELECT count(*) FROM probe_effects")) == count
        }
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == count, "nothing applied twice")
        #expect(try await fixture.count("SELECT inet_server_port()") == 5443)
        try await eventually("all published", timeout: .seconds(60)) {
            Set(tap.messages("\(fixture.name).Touched").map(\.properties.messageId)).count == count
        }
        #expect(fixture.metric("batbern_messages_parked_total") == 0, "nothing parked for the failover")
    }
}
