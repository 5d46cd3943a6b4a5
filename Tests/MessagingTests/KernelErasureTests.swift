import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import Retry
import TestSupport
import Testing

/// `HandlerContext.forgetMessages`: the kernel probe asks to forget messages
/// mentioning a needle, against the real servers.
@Suite struct KernelErasureTests {
    /// Touch version 2 is not understood: parked at once (and answered),
    /// its body as sent. Explode is parked after its retries, unanswered.
    static func park(
        _ client: TestClient, _ fixture: WorkerFixture, mentioning text: String, command: String = "Touch", version: Int = 2
    ) async throws -> Identifier {
        let id = Identifier()
        try await ProbeSupport.publish(
            client, try ProbeSupport.envelope(command, data: #"{"n":1,"note":"\#(text)"}"#, id: id, version: version),
            routingKey: "\(fixture.name).\(command)", messageId: id
        )
        return id
    }

    static func requests(_ fixture: WorkerFixture) async throws -> Int {
        try await fixture.count("SELECT count(*) FROM erasure_requests")
    }

    /// The process dies right after committing the request, before any
    /// sweep: the row stays, and the next start sweeps.
    @Test func aCrashBetweenTheCommitAndTheSweepStillSweepsAtTheNextStart() async throws {
        let fixture = try await ProbeSupport.fixture("erasecrash")
        let client = try await TestClient.connect()
        let needle = "crash.\(fixture.name)@example.ch"
        try await fixture.start()
        let named = try await Self.park(client, fixture, mentioning: needle.uppercased())
        let other = try await Self.park(client, fixture, mentioning: "someone.else@example.ch")
        let before = try await ProbeSupport.parked(fixture, client, count: 2)
        try await fixture.stop()

        let crashing = try await WorkerProcess.probe(fixture, environment: ["BATBERN_FAILPOINT": "crash-after-commit"])
        try await client.send(.command("Forget", to: fixture.name), data: KernelProbe.Forget(n: 1, needles: [needle]))
        #expect(try await crashing.waitForExit() == 128 + SIGKILL, "killed itself right after the commit")
        #expect(try await fixture.count("SELECT count(*) FROM erasure_requests WHERE swept_at IS NULL") == 1, "committed, not swept")
        #expect(try await ProbeSupport.parked(fixture, client, count: 2).count == 2, "nothing swept before the crash")

        let restarted = try await WorkerProcess.probe(fixture)
        let lot = ParkingLot(topology: fixture.topology)
        // Waiting on the request, not on the queue: a listing holds the
        // messages it looks at, and a sweep at that moment would not see them.
        try await eventually("swept after the restart", timeout: .seconds(60), every: .milliseconds(200)) {
            try await fixture.count("SELECT count(*) FROM erasure_requests WHERE swept_at IS NOT NULL") == 1
        }
        #expect(try await lot.list(client.connection) == before.filter { $0.messageId == other.description })
        #expect(restarted.log.contains(named.description), "the removal is logged by message id")
        #expect(!restarted.log.lowercased().contains(needle) && !crashing.log.lowercased().contains(needle), "never the needle")
        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit() == 0)
        await client.close()
        try await fixture.tearDown()
    }

    /// The first sweep fails (the parking queue was deleted under it): the
    /// request is kept and the sweep tried again, with backoff, until it
    /// gets through.
    @Test func aSweepThatFailsIsTriedAgainUntilItGetsThrough() async throws {
        let fixture = try await ProbeSupport.fixture("eraseretry") {
            $0.erasure.reconnect = Backoff(initial: .seconds(1), maximum: .seconds(2), jitter: false)
        }
        let logs = LogRecorder()
        try await fixture.start(logs: logs)
        let client = try await TestClient.connect()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Forgotten"])
        let needle = "retry.\(fixture.name)@example.ch"
        let topology = fixture.topology
        let admin = try await client.connection.openChannel()
        _ = try await admin.deleteQueue(topology.parkingQueue)

        try await client.send(.command("Forget", to: fixture.name), data: KernelProbe.Forget(n: 1, needles: [needle]))
        try await tap.wait(for: "\(fixture.name).Forgotten")
        try await eventually("a failed sweep", timeout: .seconds(30)) { !logs.containing("erasure sweep failed").isEmpty }
        #expect(try await fixture.count("SELECT count(*) FROM erasure_requests WHERE swept_at IS NULL") == 1, "kept, not swept")

        // The queue is back, with a message naming the needle, well before the next attempt (1 s).
        for declaration in topology.declarations {
            switch declaration {
            case .queue(topology.parkingQueue, _), .binding(topology.parkingQueue, _, _): try await declaration.apply(on: admin)
            default: continue
            }
        }
        let named = Identifier()
        try await admin.publish(
            try ProbeSupport.envelope("Touch", data: #"{"n":1,"note":"\#(needle)"}"#, id: named), exchange: topology.kernelExchange,
            routingKey: Topology.parkingRoute,
            properties: AMQPProperties(headers: [KernelHeaders.parkReason: .string("handler_failed")], messageId: named.description)
        )
        try await eventually("swept on a later attempt", timeout: .seconds(30), every: .milliseconds(100)) {
            try await fixture.count("SELECT count(*) FROM erasure_requests WHERE swept_at IS NOT NULL") == 1
        }
        #expect(try await ParkingLot(topology: topology).list(client.connection).isEmpty)
        #expect(logs.containing(named.description).contains { $0.contains("erased data") })
        #expect(logs.containing(needle).isEmpty)
        try await admin.close()
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    /// Once the window (longest retry delay and the margin) has passed, a
    /// second sweep removes what was parked after the first one, and the
    /// needles leave the database. A removed command is answered, once.
    @Test func afterTheWindowASecondSweepRunsAndTheNeedlesAreDeleted() async throws {
        let fixture = try await ProbeSupport.fixture("erasewindow") { $0.erasure.margin = .seconds(6) }
        let logs = LogRecorder()
        try await fixture.start(logs: logs)
        let client = try await TestClient.connect()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Forgotten"])
        let needle = "window.\(fixture.name)@example.ch"
        let failed = try await Self.park(client, fixture, mentioning: needle, command: "Explode", version: 1)
        let other = try await Self.park(client, fixture, mentioning: "someone.else@example.ch")
        let parked = try await ProbeSupport.parked(fixture, client, count: 2)
        #expect(parked.first { $0.messageId == failed.description }?.reason == "handler_failed")
        #expect(try await ProbeSupport.answers(fixture)[failed] == nil, "a command that failed is parked unanswered")

        try await client.send(.command("Forget", to: fixture.name), data: KernelProbe.Forget(n: 1, needles: [needle]))
        try await tap.wait(for: "\(fixture.name).Forgotten")
        let lot = ParkingLot(topology: fixture.topology)
        try await eventually("the first sweep", timeout: .seconds(30), every: .milliseconds(100)) {
            try await fixture.count("SELECT count(*) FROM erasure_requests WHERE swept_at IS NOT NULL") == 1
        }
        #expect(try await lot.list(client.connection).map(\.messageId) == [other.description])
        // Parked after the first sweep, while the request is still active.
        #expect(try await fixture.count("SELECT count(*) FROM erasure_requests WHERE active_until > now()") == 1)
        let late = try await Self.park(client, fixture, mentioning: needle)
        try await eventually("the late one parked") {
            try await ProbeSupport.depth(fixture.topology.parkingQueue, client) == 2
        }

        try await eventually("the needles deleted", timeout: .seconds(60), every: .milliseconds(200)) {
            try await Self.requests(fixture) == 0
        }
        #expect(try await lot.list(client.connection).map(\.messageId) == [other.description], "the second sweep took the late one")
        #expect(logs.containing(late.description).contains { $0.contains("erased data") })
        #expect(logs.containing(needle).isEmpty)
        let answers = try await ProbeSupport.answers(fixture)
        #expect(answers[failed]?.map(\.data.reason) == ["erased"], "answered when it was removed")
        #expect(answers[late]?.map(\.data.reason) == ["unsupported_version"], "answered when it was parked, not again")
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}
