import AMQP
import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing

/// Kernel headers are input like any other: forged ones on the shared
/// exchanges are ignored, and even the kernel's own are never trusted with
/// arithmetic. A real process, so a trap shows as a dead worker.
@Suite struct ForgedHeaderTests {
    @Test func forgedAttemptAndRoutingKeyHeadersNeitherRerouteNorCrash() async throws {
        let fixture = try await ProbeSupport.fixture("kforge")
        let process = try await WorkerProcess.probe(fixture)
        let client = try await TestClient.connect()
        let forged: AMQPTable = [
            KernelHeaders.attempt: .int64(Int64.max),
            KernelHeaders.routingKey: .string("\(fixture.name).Refuse"),
        ]
        let rerouted = Identifier()
        try await ProbeSupport.publish(
            client, try ProbeSupport.envelope("Explode", data: #"{"n":1}"#, id: rerouted),
            routingKey: "\(fixture.name).Explode", messageId: rerouted, headers: forged
        )
        let overflowing = Identifier()
        try await ProbeSupport.publish(
            client, try ProbeSupport.envelope("Explode", data: #"{"n":2}"#, id: overflowing),
            routingKey: "\(fixture.name).Explode", messageId: overflowing, headers: [KernelHeaders.attempt: .int64(Int64.max)]
        )
        var entries = try await ProbeSupport.parked(fixture, client, count: 2)
        #expect(ProbeSupport.exitStatus(process) == nil, "the worker is alive")
        for id in [rerouted, overflowing] {
            let entry = try #require(entries.first { $0.messageId == "\(id)".lowercased() })
            #expect(entry.routingKey == "\(fixture.name).Explode", "handled by its own routing key's handler")
            #expect(entry.reason == "handler_failed")
            #expect(entry.attempts == 3, "counted from 0: the first try and two retries")
        }
        #expect(try await ProbeSupport.answers(fixture).isEmpty, "Refuse never ran")

        // Through the worker's own kernel exchange (only the admin can), the
        // headers count, but the attempt is clamped: parked, not a trap.
        let clamped = Identifier()
        try await ProbeSupport.publish(
            client, try ProbeSupport.envelope("Explode", data: #"{"n":3}"#, id: clamped),
            exchange: fixture.topology.kernelExchange, routingKey: Topology.requeueRoute, messageId: clamped,
            headers: [KernelHeaders.attempt: .int64(Int64.max), KernelHeaders.routingKey: .string("\(fixture.name).Explode")]
        )
        entries = try await ProbeSupport.parked(fixture, client, count: 3)
        let entry = try #require(entries.first { $0.messageId == "\(clamped)".lowercased() })
        #expect(entry.reason == "handler_failed")
        #expect(entry.attempts == 1_001, "clamped to 1,000 failed attempts, plus this one")
        #expect(ProbeSupport.exitStatus(process) == nil, "the worker is alive")

        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
        await client.close()
        try await fixture.tearDown()
    }

    /// A publisher's `x-batbern-*` headers do not survive into the parked copy,
    /// and a replay never does arithmetic on one it finds there.
    @Test func forgedKernelHeadersDoNotReachTheParkingQueueOrTheReplay() async throws {
        let fixture = try await ProbeSupport.fixture("kforgepark")
        try await fixture.start()
        let client = try await TestClient.connect()
        let id = Identifier()
        try await ProbeSupport.publish(
            client, try ProbeSupport.envelope("Touch", data: #"{"n":1}"#, id: id, version: 9),
            routingKey: "\(fixture.name).Touch", messageId: id,
            headers: [KernelHeaders.replays: .int64(Int64.max), KernelHeaders.worker: .string("someone-else"), "x-batbern-anything": "forged"]
        )
        let lot = ParkingLot(topology: fixture.topology)
        let parked = try await eventuallyParked(lot, client, id: id)
        #expect(parked.reason == "unsupported_version")
        let channel = try await client.connection.openChannel()
        let copy = try #require(try await channel.get(queue: fixture.topology.parkingQueue))
        try await channel.close()
        #expect(copy.properties.headers[KernelHeaders.replays] == nil, "the publisher's replay count is dropped")
        #expect(copy.properties.headers["x-batbern-anything"] == nil)
        #expect(copy.properties.headers[KernelHeaders.worker]?.stringValue == fixture.name)

        // A parked copy that does carry a huge count (put there by hand,
        // through the kernel exchange) replays without a trap.
        let handMade = Identifier()
        try await ProbeSupport.publish(
            client, try ProbeSupport.envelope("Touch", data: #"{"n":2}"#, id: handMade),
            exchange: fixture.topology.kernelExchange, routingKey: Topology.parkingRoute, messageId: handMade,
            headers: [
                KernelHeaders.replays: .int64(Int64.max), KernelHeaders.parkReason: "handler_failed",
                KernelHeaders.parkedAt: .string(MessageCoding.formatTimestamp(Date())),
            ]
        )
        _ = try await eventuallyParked(lot, client, id: handMade)
        #expect(try await lot.replay(client.connection) == 2)
        await client.close()
        try await fixture.tearDown()
    }

    private func eventuallyParked(_ lot: ParkingLot, _ client: TestClient, id: Identifier) async throws -> ParkingLot.Entry {
        var found: ParkingLot.Entry?
        try await eventually("parked") {
            found = try await lot.list(client.connection).first { $0.messageId == id.description }
            return found != nil
        }
        return try #require(found)
    }
}
