import AMQP
import Foundation
import KernelProbe
import Messaging
import Retry
import TestSupport
import Testing

/// A row the broker refuses (a command no queue takes) waits with a growing
/// delay of its own instead of being retried on every poll; it holds back
/// only its own aggregate, and goes out once a queue takes it.
@Suite struct RefusedOutboxRowTests {
    @Test func anUnroutableCommandWaitsLongerEachTimeHoldsBackItsAggregateAndGoesOutOnceBound() async throws {
        let name = uniqueName("krefuse").replacingOccurrences(of: "-", with: "")
        let fixture = try await WorkerFixture.make(KernelProbe.definition(name: name), context: "probe") {
            $0.relay.refusedRowBackoff = Backoff(initial: .milliseconds(500), maximum: .seconds(4), jitter: false)
        }
        try await fixture.start()
        let tap = try await EventTap.open(bindings: ["\(name).Touched"])
        let unbound = "\(name).Nowhere"
        try await fixture.insertOutboxRow(
            exchange: Exchanges.events, routingKey: "\(name).Touched", aggregateId: "free", messageType: "Touched", data: KernelProbe.Touch(n: 3)
        )
        let refused = try await fixture.insertOutboxRow(
            exchange: Exchanges.commands, routingKey: unbound, aggregateId: "held", messageType: "Nowhere", data: KernelProbe.Touch(n: 1)
        )
        let heldBack = try await fixture.insertOutboxRow(
            exchange: Exchanges.events, routingKey: "\(name).Touched", aggregateId: "held", messageType: "Touched", data: KernelProbe.Touch(n: 2)
        )

        // Each refusal sets a longer wait (500 ms doubling to 4 s): the delay
        // chosen at each refusal, by refusals so far, as far as seen.
        var delays: [Int: Double] = [:]
        try await eventually("five refusals", timeout: .seconds(60), every: .milliseconds(20)) {
            let row = try await fixture.query(
                "SELECT attempts, coalesce(extract(epoch FROM next_attempt_at - last_attempt_at), 0)::float8 FROM outbox WHERE id = $1",
                [refused]
            )[0]
            let attempts = try row.decode(Int.self, at: 0)
            if attempts > 0 { delays[attempts] = try row.decode(Double.self, at: 1) }
            return attempts >= 5
        }
        let seen = delays.sorted { $0.key < $1.key }.map(\.value)
        print("delays by refusal: \(delays.sorted { $0.key < $1.key })")
        #expect(zip(seen.dropFirst(), seen).allSatisfy { $0 >= $1 }, "the delay never shrinks")
        #expect(seen.first.map { $0 <= 2 } == true && seen.last == 4, "it grows up to its cap")
        #expect(try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 2, "nothing is dropped")
        #expect(fixture.metric("batbern_outbox_refused_total") >= 5)
        try await tap.wait(for: "\(name).Touched")
        let touched = tap.messages("\(name).Touched").map { try? MessageCoding.decode(Envelope<KernelProbe.Touch>.self, from: $0.body).data.n }
        #expect(touched == [3], "the other aggregate went out; the refused row's own aggregate waits")

        let client = try await TestClient.connect()
        let queue = uniqueName("refused-sink")
        try await client.channel.declareQueue(queue, options: QueueOptions(durable: false, autoDelete: true, type: .classic))
        try await client.channel.bindQueue(queue, exchange: Exchanges.commands, routingKey: unbound)
        try await eventually("the command went out once bound", timeout: .seconds(30)) {
            try await fixture.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0
        }
        let sentAt = try await fixture.query(
            "SELECT sent_at FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id", [[refused, heldBack].map(String.init)]
        )
        .map { try $0.decode(Date.self, at: 0) }
        #expect(sentAt[0] < sentAt[1], "the held back row went out after the refused one, not beside it")
        #expect(try await client.channel.get(queue: queue, noAck: true) != nil, "the command reached the queue")
        try await client.channel.deleteQueue(queue)
        await client.close()
        await tap.close()
        try await fixture.tearDown()
    }
}
