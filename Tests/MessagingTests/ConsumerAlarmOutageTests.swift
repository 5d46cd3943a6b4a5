import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// A broker resource alarm blocks every connection that publishes. The lanes
/// publish retries and parks on a connection of their own, so consuming and
/// acking go on while publishing is blocked. Raises a broker-wide alarm: run
/// only under the exclusive lock.
@Suite(.serialized) struct ConsumerAlarmOutageTests {
    /// Raises a memory alarm for the length of `body` and always clears it.
    func withMemoryAlarm<T>(_ body: () async throws -> T) async throws -> T {
        try await runLocalScript("rabbitmq.sh", "ctl", "set_vm_memory_high_watermark", "0.000001")
        do {
            let result = try await body()
            try await runLocalScript("rabbitmq.sh", "ctl", "set_vm_memory_high_watermark", "0.4")
            return result
        } catch {
            try await runLocalScript("rabbitmq.sh", "ctl", "set_vm_memory_high_watermark", "0.4")
            throw error
        }
    }

    @Test func lanesKeepConsumingAndAckingWhileParkingIsBlocked() async throws {
        let fixture = try await ProbeSupport.fixture("kalarm") {
            $0.consumer.concurrency = 2
            $0.consumer.prefetch = 32
            $0.consumer.batchSize = 16
        }
        let client = try await TestClient.connect()
        try await fixture.topology.declare(on: client.channel)
        // First a message to park (so a lane publishes), then plenty of work
        // that needs no publishing by the lanes.
        try await ProbeSupport.publish(client, Array("{oops".utf8), routingKey: "\(fixture.name).Touch", messageId: Identifier())
        let count = 400
        for n in 0..<count {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n))
        }
        try await withMemoryAlarm {
            try await fixture.start()
            try await eventually("most handled while the broker blocks publishers", timeout: .seconds(60)) {
                try await fixture.count("SELECT count(*) FROM probe_effects") >= count - 32
            }
            print("handled \(try await fixture.count("SELECT count(*) FROM probe_effects")) of \(count) during the alarm")
        }
        try await eventually("all handled once the alarm cleared") { try await fixture.count("SELECT count(*) FROM probe_effects") == count }
        _ = try await ProbeSupport.parked(fixture, client, count: 1)
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == count)
        await client.close()
        try await fixture.tearDown()
    }
}
