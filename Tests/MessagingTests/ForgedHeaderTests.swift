import AMQP
import Foundation
import Identifiers
import Messaging
import Testing
import TestSupport

/// Kernel headers are input like any other: forged ones on the shared
/// exchanges are ignored, and even the kernel's own are never trusted with
/// arithmetic. A real process, so a trap shows as a dead worker.
@Suite struct ForgedHeaderTests {
    @Test func forgedAttemptAndRoutingKeyHeadersNeitherRerouteNorCrash() async throws {
        let fixture = try await ProbeSupport.fixture("kforge")
        let process = try await ProbeSupport.startProcess(fixture)
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
}
