import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A message that kills the worker every time it is handled. Classic queues
/// count no deliveries, so the kernel counts redeliveries itself and parks the
/// message once it has been delivered too often; its batch-mates are handled
/// one at a time after a crash, so it cannot take them down with it.
@Suite struct PoisonMessageTests {
    @Test func aMessageThatCrashesTheWorkerIsParkedAndItsBatchMatesAreHandledOnce() async throws {
        let fixture = try await ProbeSupport.fixture("kpoison")
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        let arguments = ["--queue-type", "classic", "--concurrency", "1"]
        var process = try await WorkerProcess.probe(fixture, arguments: arguments)
        // The lane is busy with the first, so the rest arrive as one batch.
        try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 100, holdMilliseconds: 1_000))
        let crash = try await client.send(.command("Crash", to: fixture.name), data: KernelProbe.Touch(n: 0))
        for n in 1...10 {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n))
        }

        // A supervisor: restart the worker whenever it dies, until the poison is parked.
        let lot = ParkingLot(topology: fixture.topology)
        var crashes = 0
        var parked: [ParkingLot.Entry] = []
        while parked.isEmpty {
            try await eventually("the worker died or parked the poison", timeout: .seconds(60)) {
                if let status = ProbeSupport.exitStatus(process) {
                    #expect(status == 128 + SIGKILL)
                    crashes += 1
                    return true
                }
                parked = try await lot.list(client.connection)
                return !parked.isEmpty
            }
            guard parked.isEmpty else { break }
            try #require(crashes <= 10, "still crashing after \(crashes) restarts")
            process = try WorkerProcess.launchProbe(fixture, arguments: arguments)
        }
        #expect(parked.map(\.messageId) == ["\(crash)".lowercased()])
        #expect(parked.first?.reason == "redelivered_too_often")
        #expect(crashes == 5, "handled on five deliveries (the default maxDeliveries), parked on the sixth")

        try await eventually("every other message handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 11 }
        try await tap.wait(for: "\(fixture.name).Touched", count: 11)
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == 11, "each once")
        #expect(Set(tap.messages("\(fixture.name).Touched").compactMap(\.properties.messageId)).count == 11)
        #expect(try await fixture.count("SELECT count(*) FROM delivery_counts") >= 1, "the kernel counted")

        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    @Test func deliveryCountsArePrunedWithTheInbox() async throws {
        let fixture = try await ProbeSupport.fixture("kcount") {
            $0.relay.inboxRetention = .seconds(60)
            $0.relay.pruneInterval = .milliseconds(100)
        }
        try await fixture.database.execute(
            "INSERT INTO delivery_counts (message_id, redeliveries, last_delivered_at) VALUES ($1, 3, now() - interval '1 hour'), ($2, 1, now())",
            [Identifier(), Identifier()]
        )
        try await fixture.start()
        try await eventually("the old count pruned") { try await fixture.count("SELECT count(*) FROM delivery_counts") == 1 }
        #expect(try await fixture.count("SELECT count(*) FROM delivery_counts WHERE redeliveries = 1") == 1, "a recent one kept")
        try await fixture.tearDown()
    }
}
