import AMQP
import TestSupport
import Testing

@Suite struct PublishConsumeTests {
    /// Several messages in one hand-over: each its own confirm, all arrive in
    /// order, and an unroutable mandatory one among them is returned alone.
    @Test func publicationsSentTogetherAreConfirmedOneByOneAndArriveInOrder() async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "together"))
        let channel = try await connection.openChannel()
        let queue = uniqueName("amqp-together")
        try await channel.declareQueue(queue, options: QueueOptions(type: .quorum))
        try await channel.enableConfirms()
        var publications = (0..<300).map {
            AMQPPublication(body: Array("message \($0)".utf8), exchange: "", routingKey: queue, properties: AMQPProperties(messageId: "\($0)"))
        }
        publications.insert(AMQPPublication(body: [1], exchange: "", routingKey: uniqueName("nowhere"), mandatory: true), at: 150)
        let confirms = try await channel.send(publications)
        #expect(confirms.count == 301)
        for (index, confirm) in confirms.enumerated() {
            if index == 150 {
                await #expect(throws: AMQPError.self) { try await confirm.wait() }
            } else {
                try await confirm.wait()
            }
        }
        let consumeChannel = try await connection.openChannel()
        try await consumeChannel.setPrefetch(400)
        let consumer = try await consumeChannel.consume(queue: queue)
        var seen: [Int] = []
        for try await delivery in consumer {
            seen.append(try #require(delivery.properties.messageId.flatMap(Int.init)))
            if seen.count == 300 {
                try await consumeChannel.ack(delivery.deliveryTag, multiple: true)
                break
            }
        }
        try await consumer.cancel()
        #expect(seen == Array(0..<300))
        try await channel.deleteQueue(queue)
        await connection.close()
    }

    @Test func tenThousandConfirmedMessagesArriveOnceAndInOrder() async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "10k"))
        let channel = try await connection.openChannel()
        let queue = uniqueName("amqp-10k")
        try await channel.declareQueue(queue, options: QueueOptions(type: .quorum))
        try await channel.enableConfirms()

        let count = 10_000
        // One task sends in order with every confirm still outstanding, then
        // waits for them all: many in flight, order fixed.
        var confirms: [PublishConfirm] = []
        for i in 0..<count {
            confirms.append(
                try await channel.send(
                    Array("message \(i)".utf8), exchange: "", routingKey: queue,
                    properties: AMQPProperties(messageId: "\(i)")
                ))
        }
        for confirm in confirms { try await confirm.wait() }

        let consumeChannel = try await connection.openChannel()
        try await consumeChannel.setPrefetch(200)
        let consumer = try await consumeChannel.consume(queue: queue)
        var seen: [Int] = []
        seen.reserveCapacity(count)
        for try await delivery in consumer {
            let id = try #require(delivery.properties.messageId.flatMap(Int.init))
            #expect(delivery.properties.persistent)
            #expect(String(decoding: delivery.body, as: UTF8.self) == "message \(id)")
            seen.append(id)
            if seen.count % 100 == 0 || seen.count == count {
                try await consumeChannel.ack(delivery.deliveryTag, multiple: true)
            }
            if seen.count == count { break }
        }
        try await consumer.cancel()

        #expect(seen.count == count)
        #expect(Set(seen).count == count, "no duplicates")
        #expect(seen == Array(0..<count), "order kept")
        let declared = try await channel.declareQueue(queue, options: QueueOptions(passive: true))
        #expect(declared.messageCount == 0)
        try await channel.deleteQueue(queue)
        await connection.close()
    }

    @Test func unroutableMandatoryPublishFails() async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "mandatory"))
        let channel = try await connection.openChannel()
        let exchange = uniqueName("amqp-unroutable")
        try await channel.declareExchange(exchange, type: .topic, durable: false, autoDelete: true)
        try await channel.enableConfirms()
        let error = await #expect(throws: AMQPError.self) {
            try await channel.publish(Array("lost".utf8), exchange: exchange, routingKey: "nobody.listens", mandatory: true)
        }
        #expect(error?.code == .publishReturned)
        #expect(error?.replyCode == 312)
        // The channel stays usable, and a non-mandatory publish to the same key
        // is confirmed (the broker drops it, which is what non-mandatory means).
        try await channel.publish(Array("dropped".utf8), exchange: exchange, routingKey: "nobody.listens")
        try await channel.deleteExchange(exchange)
        await connection.close()
    }

    @Test func publishToFullRejectPublishQueueIsNacked() async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "overflow"))
        let channel = try await connection.openChannel()
        let queue = uniqueName("amqp-full")
        var options = QueueOptions(type: .classic)
        options.maxLength = 2
        options.overflow = .rejectPublish
        try await channel.declareQueue(queue, options: options)
        try await channel.enableConfirms()
        try await channel.publish([1], exchange: "", routingKey: queue)
        try await channel.publish([2], exchange: "", routingKey: queue)
        let error = await #expect(throws: AMQPError.self) {
            try await channel.publish([3], exchange: "", routingKey: queue)
        }
        #expect(error?.code == .publishNacked)
        let declared = try await channel.declareQueue(queue, options: QueueOptions(passive: true))
        #expect(declared.messageCount == 2)
        try await channel.deleteQueue(queue)
        await connection.close()
    }

    @Test func brokerErrorsCloseOnlyTheChannel() async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "channel-errors"))
        let channel = try await connection.openChannel()
        let error = await #expect(throws: AMQPError.self) {
            try await channel.declareQueue(uniqueName("missing"), options: QueueOptions(passive: true))
        }
        #expect(error?.code == .channelClosed)
        #expect(error?.replyCode == 404)
        // Later calls on that channel say it is closed; the connection lives on.
        let again = await #expect(throws: AMQPError.self) { try await channel.setPrefetch(1) }
        #expect(again?.code == .channelClosed)
        let other = try await connection.openChannel()
        try await other.setPrefetch(10)
        #expect(connection.isOpen)
        await connection.close()
        #expect(!connection.isOpen)
    }

    @Test func wrongPasswordIsRefused() async throws {
        var configuration = try TestServers.amqpConfiguration(name: "bad-login")
        configuration.password = "not-the-password"
        let error = await #expect(throws: AMQPError.self) {
            _ = try await AMQPConnection.connect(configuration)
        }
        #expect(error?.code == .accessRefused)
        #expect(!(error?.description.contains("not-the-password") ?? true), "secrets never appear in errors")
    }

    @Test func basicGetAndNackRequeue() async throws {
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "get"))
        let channel = try await connection.openChannel()
        let queue = uniqueName("amqp-get")
        try await channel.declareQueue(queue, options: QueueOptions(type: .quorum))
        try await channel.enableConfirms()
        #expect(try await channel.get(queue: queue) == nil)
        try await channel.publish(
            Array("hello".utf8), exchange: "", routingKey: queue,
            properties: AMQPProperties(headers: ["x-reason": "because", "x-attempt": .int32(3)]))
        let first = try #require(try await channel.get(queue: queue))
        #expect(first.body == Array("hello".utf8))
        #expect(first.properties.headers["x-reason"]?.stringValue == "because")
        #expect(first.properties.headers["x-attempt"]?.intValue == 3)
        try await channel.nack(first.deliveryTag, requeue: true)
        let second = try #require(try await channel.get(queue: queue))
        #expect(second.redelivered)
        try await channel.ack(second.deliveryTag)
        try await channel.deleteQueue(queue)
        await connection.close()
    }
}
