import AMQP
import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// The broker's machine or network goes silent: no reset, no FIN, packets
/// to and from its port vanish (iptables) while commands flow. Nothing
/// tells the worker; AMQP heartbeats must: it notices, is not ready, and
/// once the broker answers again reconnects and carries on, each command
/// applied once and each event published. Runs alone in the Outage phase
/// (it silences the shared broker).
@Suite(.serialized) struct BrokerSilenceOutageTests {
    @Test func aSilentBrokerIsNoticedByHeartbeatsAndNothingIsLostOrDoubled() async throws {
        let name = uniqueName("bsil").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.amqp.heartbeat = .seconds(2)
            // Heartbeats must be what notices, not a relay tired of waiting for confirms.
            $0.relay.confirmTimeout = .seconds(60)
            $0.consumer.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
            $0.relay.reconnect = .init(initial: .milliseconds(100), maximum: .seconds(1))
        }
        try await fixture.start()
        let worker = try #require(fixture.worker)
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        let count = 200
        for n in 0..<count / 2 {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n, holdMilliseconds: 20))
        }
        try await eventually("messages flowing", timeout: .seconds(60)) { try await fixture.count("SELECT count(*) FROM probe_effects") > 10 }

        let silenced = ContinuousClock.now
        try await withSilentPort(5672) {
            try await eventually("the worker noticed the silence", timeout: .seconds(30), every: .milliseconds(20)) { !worker.health.isReady }
        }
        let noticed = ContinuousClock.now - silenced
        try await eventually("ready again", timeout: .seconds(60)) { worker.health.isReady }
        for n in count / 2..<count {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n, holdMilliseconds: 0))
        }
        try await eventually("all handled", timeout: .seconds(90)) { try await fixture.count("SELECT count(*) FROM probe_effects") == count }
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == count, "nothing applied twice")
        try await eventually("all published", timeout: .seconds(60)) {
            Set(tap.messages("\(fixture.name).Touched").map(\.properties.messageId)).count == count
        }
        #expect(fixture.metric("batbern_messages_parked_total") == 0, "nothing parked for the silence")
        print("silent broker: noticed after \(noticed) with 2 s heartbeats; all \(count) handled once and published")
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}
