import AMQP
import TestSupport
import Testing

/// Several broker addresses against the real broker: an address where
/// nothing listens is passed over within the same connect, and the
/// connections after it start on the address that worked.
@Suite struct AddressFailoverTests {
    @Test func aDeadAddressIsPassedOverAndTheNextConnectStartsOnTheLiveOne() async throws {
        var configuration = try TestServers.amqpConfiguration(name: "failover")
        // Port 1 on loopback: nothing listens, the connect is refused at once.
        let live = configuration.addresses[0]
        configuration.fallbackAddresses = [live]
        configuration.host = "127.0.0.1"
        configuration.port = 1

        let logs = LogRecorder()
        let logger = logs.logger(label: "failover", echo: .critical)
        let first = try await AMQPConnection.connect(configuration, logger: logger)
        #expect(first.configuration.port == live.port, "the dead address was passed over")
        #expect(logs.containing("AMQP node unreachable").count == 1)
        let channel = try await first.openChannel()
        _ = try await channel.declareQueue(uniqueName("failover"), options: QueueOptions(exclusive: true, autoDelete: true))
        let second = try await AMQPConnection.connect(configuration, logger: logger)
        #expect(second.configuration.port == live.port)
        #expect(logs.containing("AMQP node unreachable").count == 1, "the second connect started on the live address")
        await first.close()
        await second.close()

        configuration.fallbackAddresses = [BrokerAddress(host: "127.0.0.1", port: 2)]
        let error = await #expect(throws: AMQPError.self) { try await AMQPConnection.connect(configuration) }
        #expect(error?.code == .connectFailed, "no address answers: the last failure")
    }
}
