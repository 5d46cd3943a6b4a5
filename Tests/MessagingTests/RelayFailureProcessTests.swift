import AMQP
import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A relay whose every round fails, in a real process: it backs off instead
/// of spinning, and SIGTERM still ends the process.
@Suite struct RelayFailureProcessTests {
    /// Failed rounds and reconnects the relay logged (each carries its error).
    func relayFailures(_ process: WorkerProcess) -> Int {
        process.log.split(separator: "\n").filter { $0.contains("relay_error=") }.count
    }

    @Test func aPoisonRowBacksOffTheRelayAndSIGTERMEndsTheProcessWithRowsUnsent() async throws {
        let name = uniqueName("krfail").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe")
        // A row for an exchange that does not exist: the broker closes the
        // channel on it, so every round fails, and the rows behind it wait.
        let missing = "\(name).missing"
        try await fixture.insertOutboxRow(
            exchange: missing, routingKey: "anything", aggregateId: "poison", messageType: "Touched", data: KernelProbe.Touch(n: 0)
        )
        let tap = try await EventTap.open(bindings: ["\(name).Touched"])
        let client = try await TestClient.connect()

        let first = try await WorkerProcess.probe(fixture)
        for n in 1...3 { try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: n)) }
        try await eventually("handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 3 }
        try await eventually("the relay failing", timeout: .seconds(60)) { relayFailures(first) > 0 }
        // A measurement window, not synchronisation: how often it fails in 8 s.
        let before = relayFailures(first)
        try await Task.sleep(for: .seconds(8))
        let during = relayFailures(first) - before
        print("relay failures logged in 8 s: \(during)")
        #expect(during >= 3, "it keeps trying")
        #expect(during <= 20, "with growing delays (200 ms doubling to 5 s), not in a tight loop")

        let stopping = ContinuousClock.now
        first.signal(SIGTERM)
        #expect(try await first.waitForExit(timeout: .seconds(40)) == 0, "a graceful stop exits 0")
        #expect(ContinuousClock.now - stopping < .seconds(25), "within the shutdown deadline")
        #expect(try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 4, "the rows wait for the next start")

        try await client.channel.declareExchange(missing, type: .topic, durable: false, autoDelete: false)
        let second = try await WorkerProcess.probe(fixture)
        try await eventually("the rows went out") { try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 }
        try await eventually("three events arrived") { Set(tap.messages("\(name).Touched").map(\.properties.messageId)).count == 3 }
        second.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0)
        try await client.channel.deleteExchange(missing)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}
