import AMQP
import TestSupport
import Testing

/// `maxBodySize`: what the client buffers of a delivery.
@Suite struct DeliveryBodyLimitTests {
    @Test func theClientDeliversBodiesUpToItsLimitWhole() async throws {
        var configuration = try TestServers.amqpConfiguration(name: "body-limit")
        configuration.maxBodySize = 1_000
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        let queue = uniqueName("body-limit")
        try await channel.declareQueue(queue, options: QueueOptions(durable: false, exclusive: true, autoDelete: true, type: .classic))
        let fits = [UInt8](repeating: 1, count: 1_000)
        let over = [UInt8](repeating: 2, count: 300_001)
        try await channel.publish(fits, exchange: "", routingKey: queue)
        try await channel.publish(over, exchange: "", routingKey: queue)
        let consumer = try await channel.consume(queue: queue)
        var received: [AMQPDelivery] = []
        for try await delivery in consumer {
            received.append(delivery)
            if received.count == 2 { break }
        }
        // Plain values only: a failing expectation prints what it compares.
        let (first, second) = (received[0], received[1])
        let firstWhole = first.body == fits && !first.isTruncated
        let (secondTruncated, secondKept, secondSize) = (second.isTruncated, second.body.count, second.bodySize)
        #expect(firstWhole, "a body at the limit arrives whole")
        #expect(secondTruncated)
        #expect(secondKept == 0, "nothing of it is buffered")
        #expect(secondSize == over.count, "its declared size")
        await connection.close()
    }
}
