import AMQP
import Foundation
import Identifiers
import KernelProbe
import Messaging
import TestSupport
import Testing

/// The kernel's guarantees with a real worker, RabbitMQ and PostgreSQL.
@Suite struct WorkerRuntimeTests {
    func probe(_ configure: (inout WorkerConfiguration) -> Void = { _ in }) async throws -> WorkerFixture {
        let name = uniqueName("kp").replacingOccurrences(of: "-", with: "")
        return try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe", configure: configure)
    }

    @Test func aMessageDeliveredTwiceIsAppliedOnceAndPublishedOnce() async throws {
        let fixture = try await probe()
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).#"])
        let client = try await TestClient.connect()
        let id = Identifier()
        try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), id: id)
        try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), id: id)
        try await eventually("the second copy recognised") { fixture.metric("batbern_messages_duplicate_total") >= 1 }
        try await tap.wait(for: "\(fixture.name).Touched")
        // The relay has sent everything there is to send.
        try await eventually("outbox drained") { try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 }
        #expect(try await fixture.count("SELECT count(*) FROM probe_effects") == 1)
        #expect(try await fixture.count("SELECT count(*) FROM outbox") == 1)
        #expect(tap.messages("\(fixture.name).Touched").count == 1)
        let event = try #require(tap.messages("\(fixture.name).Touched").first)
        #expect(event.properties.contentType == "application/json")
        #expect(event.properties.persistent)
        #expect(event.properties.type == "Touched")
        #expect(event.properties.correlationId == id.description)
        let envelope = try MessageCoding.decode(Envelope<KernelProbe.Touch>.self, from: event.body)
        #expect(envelope.causationId == id)
        #expect(event.properties.messageId == envelope.id.description)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    @Test func aFailingHandlerIsRetriedThenParkedAndCanBeReplayed() async throws {
        let fixture = try await probe()
        try await fixture.start()
        let client = try await TestClient.connect()
        let id = try await client.send(.command("Explode", to: fixture.name), data: KernelProbe.Touch(n: 5))
        let lot = ParkingLot(topology: fixture.topology)
        var parked: [ParkingLot.Entry] = []
        try await eventually("parked after the retries") {
            parked = try await lot.list(client.connection)
            return !parked.isEmpty
        }
        let entry = try #require(parked.first)
        #expect(entry.messageId == id.description)
        #expect(entry.reason == "handler_failed")
        #expect(entry.error == "probe 5 exploded as asked")
        #expect(entry.attempts == 3, "the first try and two retries")
        #expect(entry.routingKey == "\(fixture.name).Explode")
        #expect(fixture.metric("batbern_messages_retried_total") == 2)
        #expect(fixture.metric("batbern_messages_parked_total") == 1)
        #expect(try await fixture.count("SELECT count(*) FROM probe_effects") == 0)

        // Fixed, then replayed: handled once.
        try await fixture.database.execute("INSERT INTO probe_fixed VALUES (true)")
        #expect(try await lot.replay(client.connection) == 1)
        try await eventually("handled after replay") { try await fixture.count("SELECT count(*) FROM probe_effects") == 1 }
        #expect(try await lot.list(client.connection).isEmpty)
        await client.close()
        try await fixture.tearDown()
    }

    @Test func badMessagesAreParkedAtOnce() async throws {
        let fixture = try await probe()
        try await fixture.start()
        let client = try await TestClient.connect()
        try await client.sendRaw(Array("{\"id\": oops".utf8), key: .command("Touch", to: fixture.name), messageId: "malformed")
        try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: 1), id: Identifier(), version: 9)
        // Unknown type: bound by hand, since no handler asks for it.
        try await client.channel.bindQueue(fixture.name, exchange: Exchanges.commands, routingKey: "\(fixture.name).Dance")
        try await client.send(.command("Dance", to: fixture.name), data: KernelProbe.Touch(n: 1))
        let lot = ParkingLot(topology: fixture.topology)
        var parked: [ParkingLot.Entry] = []
        try await eventually("three parked") {
            parked = try await lot.list(client.connection)
            return parked.count == 3
        }
        #expect(Set(parked.map(\.reason)) == ["undecodable", "unsupported_version", "unknown_message_type"])
        #expect(parked.allSatisfy { $0.attempts == 0 }, "no retries burned")
        #expect(fixture.metric("batbern_messages_retried_total") == 0)
        await client.close()
        try await fixture.tearDown()
    }

    @Test func aTimerSetBeforeARestartFiresAfterItAndACancelledOneNever() async throws {
        let fixture = try await probe()
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).#"])
        let client = try await TestClient.connect()
        try await client.send(.command("Remind", to: fixture.name), data: KernelProbe.Remind(n: 1, inSeconds: 3, key: "keep"))
        try await client.send(.command("Remind", to: fixture.name), data: KernelProbe.Remind(n: 2, inSeconds: 3, key: "drop"))
        try await tap.wait(for: "\(fixture.name).ReminderSet", count: 2)
        try await client.send(.command("CancelReminder", to: fixture.name), data: KernelProbe.CancelReminder(key: "drop"))
        try await tap.wait(for: "\(fixture.name).ReminderCancelled")
        try await fixture.stop()
        try await fixture.start()
        let touched = try await tap.wait(for: "\(fixture.name).Touched", timeout: .seconds(30))
        #expect(try touched.map { try MessageCoding.decode(Envelope<KernelProbe.Touch>.self, from: $0.body).data.n } == [1])
        // The cancelled one was due at the same time; once the kept one has
        // fired, nothing else is pending.
        #expect(try await fixture.count("SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL") == 0)
        #expect(try await fixture.count("SELECT count(*) FROM timers WHERE cancelled_at IS NOT NULL AND fired_at IS NULL") == 1)
        #expect(try await fixture.count("SELECT count(*) FROM probe_effects") == 1)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }

    @Test func aThousandMessagesAreEachHandledOnce() async throws {
        let fixture = try await probe { $0.consumer.concurrency = 3 }
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(fixture.name).Touched"])
        let client = try await TestClient.connect()
        for n in 0..<1_000 {
            try await client.send(.command("Touch", to: fixture.name), data: KernelProbe.Touch(n: n))
        }
        try await tap.wait(for: "\(fixture.name).Touched", count: 1_000, timeout: .seconds(60))
        #expect(try await fixture.count("SELECT count(DISTINCT n) FROM probe_effects") == 1_000)
        #expect(try await fixture.count("SELECT count(*) FROM probe_effects") == 1_000)
        await tap.close()
        await client.close()
        try await fixture.tearDown()
    }
}

@Suite struct HTTPEndpointTests {
    func get(_ port: Int, _ path: String) throws -> (status: Int, body: String) {
        try httpGet(port: port, path)
    }

    @Test func metricsLivenessAndReadinessAreServed() async throws {
        let name = uniqueName("khttp").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe")
        try await fixture.start()
        let port = try #require(fixture.worker?.httpPort)
        let client = try await TestClient.connect()
        try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: 1))
        try await eventually("handled") { fixture.metric("batbern_messages_handled_total") == 1 }
        let metrics = try get(port, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("batbern_messages_handled_total{worker=\"\(name)\"} 1"))
        #expect(metrics.body.contains("batbern_handler_duration_seconds"))
        #expect(metrics.body.contains("batbern_outbox_lag_seconds"))
        #expect(try get(port, "/health/live").status == 200)
        #expect(try get(port, "/health/ready").status == 200)
        #expect(try get(port, "/nothing").status == 404)
        await client.close()
        try await fixture.stop()
        try await fixture.tearDown()
    }
}

@Suite struct ReplicaTests {
    @Test func twoReplicasShareTheWorkAndPublishEachEventOnce() async throws {
        let name = uniqueName("krep").replacingOccurrences(of: "-", with: "")
        let definition = KernelProbe.definition(name: name)
        // Same name and schema: competing consumers on one queue, two relays on one outbox.
        let first = try await WorkerFixture.make(definition, context: "probe") { $0.relay.batchSize = 16 }
        let second = try await WorkerFixture.make(definition, context: "probe") { $0.relay.batchSize = 16 }
        try await first.start()
        try await second.start()
        let tap = try await EventTap.open(bindings: ["\(name).Touched"])
        let client = try await TestClient.connect()
        let count = 1_000
        for n in 0..<count {
            try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: n), aggregateId: "agg-\(n % 10)")
        }
        try await tap.wait(for: "\(name).Touched", count: count, timeout: .seconds(60))
        try await eventually("outbox drained") { try await first.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 }
        #expect(tap.messages("\(name).Touched").count == count, "no row published twice")
        #expect(first.metric("batbern_messages_handled_total") > 0 && second.metric("batbern_messages_handled_total") > 0, "both took work")
        #expect(first.metric("batbern_outbox_published_total") + second.metric("batbern_outbox_published_total") == Double(count))
        // Two relays, yet each aggregate's events arrive in outbox order.
        var position: [String: (aggregate: String, id: Int64)] = [:]
        for row in try await first.query("SELECT message_id::text, aggregate_id, id FROM outbox") {
            position[try row.decode(String.self, at: 0)] = (try row.decode(String.self, at: 1), try row.decode(Int64.self, at: 2))
        }
        var arrived: [String: [Int64]] = [:]
        for delivery in tap.messages("\(name).Touched") {
            guard let entry = delivery.properties.messageId.flatMap({ position[$0] }) else { continue }
            arrived[entry.aggregate, default: []].append(entry.id)
        }
        #expect(arrived.values.reduce(0) { $0 + $1.count } == count)
        #expect(arrived.values.allSatisfy { $0 == $0.sorted() }, "in order per aggregate")
        await tap.close()
        await client.close()
        try await second.stop()
        try await first.tearDown()
    }

    @Test func sentRowsAndOldInboxRowsArePruned() async throws {
        let name = uniqueName("kprune").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.relay.sentRetention = .zero
            $0.relay.inboxRetention = .zero
            $0.relay.pruneInterval = .milliseconds(100)
            $0.relay.pollInterval = .milliseconds(200)
        }
        try await fixture.start()
        let client = try await TestClient.connect()
        for n in 0..<10 { try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: n)) }
        try await eventually("handled") { try await fixture.count("SELECT count(*) FROM probe_effects") == 10 }
        try await eventually("pruned") {
            let outbox = try await fixture.count("SELECT count(*) FROM outbox")
            let inbox = try await fixture.count("SELECT count(*) FROM inbox")
            return outbox == 0 && inbox == 0
        }
        await client.close()
        try await fixture.tearDown()
    }
}
