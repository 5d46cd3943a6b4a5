import AMQP
import Retry
import Synchronization
import TestSupport
import Testing

/// Restarts RabbitMQ; runs alone (see deploy/local/test.sh).
@Suite(.serialized) struct BrokerOutageTests {
    @Test func confirmedPublishesSurviveABrokerRestart() async throws {
        let queue = uniqueName("amqp-outage")
        let configuration = try TestServers.amqpConfiguration(name: "outage")
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        let setup = try await AMQPConnection.connect(configuration)
        try await setup.openChannel().declareQueue(queue, options: QueueOptions(type: .quorum))
        await setup.close()

        let target = 3_000
        let confirmed = Mutex<Set<Int>>([])
        let errors = Mutex<[AMQPError]>([])

        let publisher = Task {
            var connection = try await AMQPConnection.connect(configuration)
            var channel = try await connection.openChannel()
            try await channel.enableConfirms()
            var next = 0
            while next < target {
                do {
                    try await channel.publish(Array("\(next)".utf8), exchange: "", routingKey: queue)
                    confirmed.withLock { _ = $0.insert(next) }
                    next += 1
                } catch let error as AMQPError {
                    // Not confirmed: publish it again on a new connection
                    // (at-least-once; a duplicate is allowed, a loss is not).
                    errors.withLock { $0.append(error) }
                    connection = try await AMQPConnection.connect(configuration, retrying: backoff)
                    channel = try await connection.openChannel()
                    try await channel.enableConfirms()
                }
            }
            await connection.close()
        }

        try await eventually("some publishes confirmed") { confirmed.withLock { $0.count } >= 300 }
        try await runLocalScript("rabbitmq.sh", "ctl", "stop_app")
        try await runLocalScript("rabbitmq.sh", "start")
        try await publisher.value

        let seenErrors = errors.withLock { $0 }
        #expect(!seenErrors.isEmpty, "the outage surfaced as an error")
        for error in seenErrors {
            #expect(error.isConnectionFailure || error.code == .channelClosed, "\(error)")
        }

        // Every publish the caller saw confirmed is in the queue.
        let connection = try await AMQPConnection.connect(configuration, retrying: backoff)
        let channel = try await connection.openChannel()
        try await channel.setPrefetch(500)
        var received = Set<Int>()
        let expected = confirmed.withLock { $0 }
        for try await delivery in try await channel.consume(queue: queue) {
            if let id = Int(String(decoding: delivery.body, as: UTF8.self)) { received.insert(id) }
            try await channel.ack(delivery.deliveryTag)
            if expected.isSubset(of: received) { break }
        }
        #expect(expected.isSubset(of: received))
        try await channel.deleteQueue(queue)
        await connection.close()
    }
}
