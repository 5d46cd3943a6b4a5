import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A consumer lane that fails takes its deliveries back to the queue, the
/// worker says it is not ready, and the lanes come back.
@Suite struct LaneRecoveryTests {
    @Test func aFailedLaneMakesTheWorkerNotReadyUntilTheLanesAreBack() async throws {
        let fixture = try await ProbeSupport.fixture("klane") {
            $0.consumer.concurrency = 2
            // No jitter, so the time the worker is not ready can be seen.
            $0.consumer.reconnect = .init(initial: .seconds(1), maximum: .seconds(2), jitter: false)
        }
        try await fixture.start()
        let worker = try #require(fixture.worker)
        let client = try await TestClient.connect()
        // Without its parking queue, the lane that parks the next bad message
        // gets it back from the broker (mandatory, unroutable) and fails.
        try await client.channel.deleteQueue(fixture.topology.parkingQueue)
        let bad = Identifier()
        try await ProbeSupport.publish(client, Array("{oops".utf8), routingKey: "\(fixture.name).Touch", messageId: bad)
        for n in 0..<50 {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n))
        }

        try await eventually("not ready while a lane is down", timeout: .seconds(10), every: .milliseconds(10)) { !worker.health.isReady }
        try await eventually("ready again", timeout: .seconds(30)) { worker.health.isReady }
        // The restart declared the topology again, so the bad message parks.
        let entries = try await ProbeSupport.parked(fixture, client, count: 1)
        #expect(entries.map(\.messageId) == ["\(bad)".lowercased()])
        #expect(entries.first?.reason == "undecodable")
        try await eventually("every good message handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 50 }
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == 50, "each once")
        try await eventually("nothing left in the queue") { try await ProbeSupport.depth(fixture.name, client) == 0 }
        await client.close()
        try await fixture.tearDown()
    }
}
