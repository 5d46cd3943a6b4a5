import AMQP
import Foundation
import TestSupport
import Testing

@Suite struct ConnectionTests {
    @Test func urlsParseAsTheRabbitMQURISpecSays() throws {
        let plain = try AMQPConnection.Configuration(url: "amqp://user:p%40ss@broker.example:5673/batbern")
        #expect(plain.host == "broker.example")
        #expect(plain.port == 5673)
        #expect(plain.user == "user")
        #expect(plain.password == "p@ss")
        #expect(plain.vhost == "batbern")
        #expect(plain.tls == nil)
        #expect(!plain.description.contains("p@ss"), "password masked")

        let tls = try AMQPConnection.Configuration(url: "amqps://u:p@host/%2F?heartbeat=5&cacertfile=/etc/ca.pem")
        #expect(tls.port == 5671)
        #expect(tls.vhost == "/")
        #expect(tls.heartbeat == .seconds(5))
        #expect(tls.tls?.caCertificatePath == "/etc/ca.pem")

        #expect(try AMQPConnection.Configuration(url: "amqp://h").vhost == "/")
        let error = #expect(throws: AMQPError.self) { try AMQPConnection.Configuration(url: "http://u:secret@h/") }
        #expect(error?.code == .invalidURL)
        #expect(error?.description.contains("secret") == false)
    }

    @Test func heartbeatsFlowWhileTheCallerIsBusy() async throws {
        var configuration = try TestServers.amqpConfiguration(name: "heartbeat")
        configuration.heartbeat = .seconds(1)
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        // The caller blocks its thread for well over two heartbeat intervals,
        // after which the broker would have dropped a silent connection. The
        // passing time is the scenario here, not a stand-in for an outcome.
        // Blocked on a thread of its own, so the test does not also starve
        // Swift's small cooperative pool that the other tests share.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                usleep(3_500_000)
                done.resume()
            }.start()
        }
        #expect(connection.isOpen)
        try await channel.setPrefetch(1)
        let queue = try await channel.declareQueue(uniqueName("hb"), options: QueueOptions(exclusive: true, autoDelete: true))
        #expect(queue.messageCount == 0)
        await connection.close()
    }
}
