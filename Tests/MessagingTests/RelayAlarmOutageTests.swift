import AMQP
import Foundation
import KernelProbe
import Messaging
import Postgres
import TestSupport
import Testing

/// The relay while the broker blocks publishers (a memory alarm): confirms
/// never come. Raises an alarm on the whole broker, so it runs alone
/// (exclusive lock).
@Suite(.serialized) struct RelayAlarmOutageTests {
    func probe(_ configure: @escaping (inout WorkerConfiguration) -> Void) async throws -> WorkerFixture {
        let name = uniqueName("kalarm").replacingOccurrences(of: "-", with: "")
        return try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            // Its sessions show in pg_stat_activity under its name.
            $0.database.applicationName = name
            $0.relay.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            configure(&$0)
        }
    }

    /// Commands waiting in the work queue before the alarm: publishing is
    /// blocked during it, handling is not.
    func queueCommands(_ fixture: WorkerFixture, count: Int) async throws {
        let client = try await TestClient.connect()
        try await fixture.topology.declare(on: client.channel)
        for n in 0..<count { try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n)) }
        await client.close()
    }

    /// How long the worker's longest open transaction has been idle, in seconds.
    func longestIdleTransaction(_ fixture: WorkerFixture) async throws -> Double {
        try await fixture.query(
            """
            SELECT coalesce(max(extract(epoch FROM now() - state_change)), 0)::float8 FROM pg_stat_activity
            WHERE application_name = $1 AND state = 'idle in transaction'
            """,
            [fixture.name]
        )[0].decode(Double.self, at: 0)
    }

    func unsent(_ fixture: WorkerFixture) async throws -> Int {
        try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    }

    @Test func theRelaysTransactionNeverOutlivesTheConfirmTimeoutAndTheOutboxDrainsAfterTheAlarm() async throws {
        let fixture = try await probe {
            $0.relay.confirmTimeout = .seconds(2)
            $0.shutdownTimeout = .seconds(10)
        }
        try await queueCommands(fixture, count: 20)
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        var longest = 0.0
        var notLive = 0
        let stopTook = try await withBrokerAlarm {
            try await fixture.start()
            try await eventually("handled during the alarm") { try await fixture.count("SELECT count(*) FROM probe_effects") == 20 }
            // A measurement window, not synchronisation: sample for 8 s.
            let until = ContinuousClock.now + .seconds(8)
            while ContinuousClock.now < until {
                longest = max(longest, try await longestIdleTransaction(fixture))
                if fixture.worker?.health.isLive(stallTimeout: .seconds(5)) == false { notLive += 1 }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await unsent(fixture) > 0, "nothing is confirmed during the alarm")
            let stopping = ContinuousClock.now
            try await withTimeLimit(.seconds(30), "a graceful stop during the alarm") { try await fixture.stop() }
            return ContinuousClock.now - stopping
        }
        print("longest idle relay transaction: \(longest) s; graceful stop took \(stopTook)")
        #expect(longest <= 3.5, "a transaction waits for confirms at most the confirm timeout (2 s)")
        #expect(notLive == 0, "a blocked broker is an outage, not a stall")
        #expect(stopTook < .seconds(10), "the stop ends within the deadline")

        try await fixture.start()
        try await eventually("drained after the alarm", timeout: .seconds(60)) { try await unsent(fixture) == 0 }
        try await eventually("every event arrived", timeout: .seconds(30)) {
            Set(tap.messages("\(fixture.name).Touched").map(\.properties.messageId)).count == 20
        }
        await tap.close()
        try await fixture.tearDown()
    }

    @Test func theShutdownDeadlineEndsARelayWaitingForConfirms() async throws {
        let fixture = try await probe {
            $0.relay.confirmTimeout = .seconds(120)
            $0.shutdownTimeout = .seconds(2)
        }
        try await queueCommands(fixture, count: 5)
        let stopTook = try await withBrokerAlarm {
            try await fixture.start()
            try await eventually("the relay waiting for confirms", timeout: .seconds(30)) {
                try await longestIdleTransaction(fixture) > 0.5
            }
            let stopping = ContinuousClock.now
            try await withTimeLimit(.seconds(30), "a graceful stop past its deadline") { try await fixture.stop() }
            return ContinuousClock.now - stopping
        }
        print("graceful stop with a relay waiting for confirms took \(stopTook)")
        #expect(stopTook >= .seconds(2), "the relay flushed until the deadline")
        #expect(stopTook < .seconds(6), "then the deadline cancelled it")
        #expect(try await longestIdleTransaction(fixture) == 0, "its transaction was rolled back")
        #expect(try await unsent(fixture) == 5, "the rows wait for the next start")
        try await fixture.tearDown()
    }
}
