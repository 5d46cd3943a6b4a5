import AMQP
import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// Crash and shutdown of a real `batbern` process.
@Suite struct ProcessLifecycleTests {
    func fixture() async throws -> WorkerFixture {
        let name = uniqueName("kproc").replacingOccurrences(of: "-", with: "")
        return try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe")
    }

    @Test func killedBetweenCommitAndAckTheMessageIsAppliedOnce() async throws {
        let fixture = try await fixture()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()

        let crashing = try await WorkerProcess.probe(fixture, environment: ["BATBERN_FAILPOINT": "crash-after-commit"])
        try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 42))
        let status = try await crashing.waitForExit()
        #expect(status == 128 + SIGKILL, "killed itself after the commit")
        #expect(try await fixture.count("SELECT count(*) FROM probe_effects") == 1, "the commit happened")
        #expect(try await ProbeSupport.depth(fixture.name, client) == 1, "but the delivery was never acked")

        let restarted = try await WorkerProcess.probe(fixture)
        try await eventually("the redelivery settled") { try await ProbeSupport.depth(fixture.name, client) == 0 }
        try await eventually("outbox drained") { try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 }
        try await tap.wait(for: "\(fixture.name).Touched")
        #expect(try await fixture.count("SELECT count(*) FROM probe_effects") == 1, "applied once")
        #expect(try await fixture.count("SELECT count(*) FROM outbox") == 1, "one event written")
        // One event; should the relay also have died between confirm and
        // marking it sent, the copy carries the same message id.
        #expect(Set(tap.messages("\(fixture.name).Touched").map(\.properties.messageId)).count == 1)

        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit() == 0)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    @Test func sigtermWithMessagesInFlightLosesNothingAndRepeatsNothing() async throws {
        let fixture = try await fixture()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        // A small prefetch, so that most messages are still queued, not in hand.
        let first = try await WorkerProcess.probe(fixture, arguments: ["--prefetch", "5"])
        for n in 0..<100 {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n, holdMilliseconds: 100))
        }
        // Stop while the messages are being worked on.
        try await eventually("work started") { try await fixture.count("SELECT count(*) FROM probe_effects") > 0 }
        first.signal(SIGTERM)
        #expect(try await first.waitForExit() == 0, "a graceful stop exits 0")
        let handledByFirst = try await fixture.count("SELECT count(*) FROM probe_effects")
        #expect(handledByFirst < 100, "some were still waiting when it stopped")
        #expect(try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0, "the outbox was flushed")

        let second = try await WorkerProcess.probe(fixture)
        try await eventually("all 100 handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 100 }
        try await tap.wait(for: "\(fixture.name).Touched", count: 100)
        try await eventually("queue empty") { try await ProbeSupport.depth(fixture.name, client) == 0 }
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == 100)
        #expect(tap.messages("\(fixture.name).Touched").count == 100, "each event published once")
        second.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0)
        print("first run handled \(handledByFirst) of 100 before stopping")
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}

@Suite struct ParkedCommandTests {
    @Test func theCLIListsAndReplaysParkedMessages() async throws {
        let name = uniqueName("kcli").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe")
        try await fixture.start()
        let client = try await TestClient.connect()
        let id = try await client.send(.command("Explode", to: name), data: KernelProbe.Touch(n: 1))
        let lot = ParkingLot(topology: fixture.topology)
        try await eventually("parked") { try await !lot.list(client.connection).isEmpty }

        let list = try WorkerProcess.start(["parked", "list", name])
        #expect(try await list.waitForExit() == 0)
        #expect(list.log.contains(id.description))
        #expect(list.log.contains("reason=handler_failed"))
        #expect(list.log.contains("probe 1 exploded as asked"))

        try await fixture.database.execute("INSERT INTO probe_fixed VALUES (true)")
        let replay = try WorkerProcess.start(["parked", "replay", name, "--message-id", id.description])
        #expect(try await replay.waitForExit() == 0)
        #expect(replay.log.contains("replayed 1 message(s) to \(name)"))
        try await eventually("handled after the replay") { try await fixture.count("SELECT count(*) FROM probe_effects") == 1 }
        await client.close()
        try await fixture.tearDown()
    }
}
