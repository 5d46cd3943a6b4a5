import AMQP
import TestSupport
import Testing

/// A broker with a resource alarm stops reading from connections that
/// publish: their confirms and replies never come. Raises an alarm on the
/// whole broker, so it runs alone (exclusive lock).
@Suite(.serialized) struct BrokerAlarmOutageTests {
    @Test func aConfirmWaitGivesUpWhileTheBrokerIsBlocked() async throws {
        let queue = uniqueName("amqp-alarm")
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "alarm-confirm"))
        let channel = try await connection.openChannel()
        try await channel.declareQueue(queue, options: QueueOptions(durable: false, autoDelete: true, type: .classic))
        try await channel.enableConfirms()
        let outcome = try await withBrokerAlarm {
            // The broker still takes the publish that makes it block the
            // connection; the one after it is never read.
            _ = try await channel.send(Array("first".utf8), exchange: "", routingKey: queue)
            let confirm = try await channel.send(Array("blocked".utf8), exchange: "", routingKey: queue)
            return try await withTimeLimit(.seconds(20), "the confirm wait to give up") {
                do {
                    try await confirm.wait(timeout: .seconds(2))
                    return "confirmed"
                } catch let error as AMQPError {
                    return error.code.name
                }
            }
        }
        #expect(outcome == AMQPError.Code.timeout.name, "no confirm during the alarm")
        await connection.close()
    }

    @Test func anRPCWithoutAReplyFailsWithTimeoutAndClosesTheConnection() async throws {
        var configuration = try TestServers.amqpConfiguration(name: "alarm-rpc")
        configuration.rpcTimeout = .seconds(2)
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        let (outcome, waited) = try await withBrokerAlarm {
            // Publishing makes the broker stop reading this connection.
            try await channel.publish(Array("blocked".utf8), exchange: "", routingKey: uniqueName("nowhere"))
            let started = ContinuousClock.now
            return try await withTimeLimit(.seconds(20), "the declare to give up") {
                do {
                    try await channel.declareQueue(uniqueName("amqp-alarm"), options: QueueOptions(durable: false, autoDelete: true, type: .classic))
                    return ("declared", ContinuousClock.now - started)
                } catch let error as AMQPError {
                    return (error.code.name, ContinuousClock.now - started)
                }
            }
        }
        #expect(outcome == AMQPError.Code.timeout.name)
        #expect(waited >= .seconds(2), "not before the RPC timeout")
        #expect(!connection.isOpen, "the channel's state is unknown, so the connection is closed")
        await connection.close()
    }
}
