import AMQP
import TestSupport
import Testing

/// Frames handed to the connection together leave in one write, not one
/// per frame (three per publish), and still arrive whole and in order.
@Suite struct WriteCoalescingTests {
    @Test func threeHundredPublishesHandedOverTogetherShareAFewWrites() async throws {
        try await withQueue("amqp-coalesce") { connection, channel, queue in
            let publications = (0..<300).map {
                AMQPPublication(body: Array("message \($0)".utf8), exchange: "", routingKey: queue, properties: AMQPProperties(messageId: "\($0)"))
            }
            let before = try await connection.socketWrites()
            let confirms = try await channel.send(publications)
            let after = try await connection.socketWrites()
            // 900 frames; written one by one they would be 300 writes at least.
            #expect(after - before <= 3)
            for confirm in confirms { try await confirm.wait() }
            #expect(try await consumeAll(queue, count: 300, on: connection).map(\.messageId) == (0..<300).map { "\($0)" })
        }
    }

    /// Past 256 KiB a held batch is written anyway: a batch of large bodies
    /// arrives byte for byte.
    @Test func bodiesLargerThanTheHeldLimitArriveWhole() async throws {
        try await withQueue("amqp-coalesce-large") { connection, channel, queue in
            let bodies = (0..<6).map { index in (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) } }
            let publications = bodies.enumerated().map { index, body in
                AMQPPublication(body: body, exchange: "", routingKey: queue, properties: AMQPProperties(messageId: "\(index)"))
            }
            for confirm in try await channel.send(publications) { try await confirm.wait() }
            let received = try await consumeAll(queue, count: 6, on: connection)
            #expect(received.map(\.messageId) == (0..<6).map { "\($0)" })
            #expect(received.map(\.body) == bodies)
        }
    }

    private struct Received {
        let messageId: String?
        let body: [UInt8]
    }

    private func withQueue(
        _ prefix: String, _ body: (AMQPConnection, AMQPChannel, String) async throws -> Void
    ) async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: prefix))
        try await withCleanup {
            let channel = try await connection.openChannel()
            let queue = uniqueName(prefix)
            try await channel.declareQueue(queue, options: QueueOptions(type: .quorum))
            try await withCleanup {
                try await channel.enableConfirms()
                try await body(connection, channel, queue)
            } cleanup: {
                _ = try? await channel.deleteQueue(queue)
            }
        } cleanup: {
            await connection.close()
        }
    }

    private func consumeAll(_ queue: String, count: Int, on connection: AMQPConnection) async throws -> [Received] {
        let channel = try await connection.openChannel()
        try await channel.setPrefetch(UInt16(count))
        let consumer = try await channel.consume(queue: queue)
        var received: [Received] = []
        for try await delivery in consumer {
            received.append(Received(messageId: delivery.properties.messageId, body: delivery.body))
            if received.count == count {
                try await channel.ack(delivery.deliveryTag, multiple: true)
                break
            }
        }
        try await consumer.cancel()
        return received
    }
}
