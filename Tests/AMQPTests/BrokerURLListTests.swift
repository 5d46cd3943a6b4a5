import AMQP
import Testing

/// A cluster's nodes as one setting: comma-separated URLs that differ only in
/// host and port; a bad one is named by its position, never its password.
@Suite struct BrokerURLListTests {
    @Test func severalURLsBecomeTheFirstNodeAndItsFallbacks() throws {
        let list = try AMQPConnection.Configuration(
            url: "amqp://w:secret@127.0.0.1:5681/batbern, amqp://w:secret@127.0.0.1:5682/batbern,amqp://w:secret@node3/batbern")
        #expect(list.host == "127.0.0.1")
        #expect(list.port == 5681)
        #expect(list.user == "w")
        #expect(list.vhost == "batbern")
        #expect(list.fallbackAddresses == [BrokerAddress(host: "127.0.0.1", port: 5682), BrokerAddress(host: "node3", port: 5672)])
        #expect(list.addresses.count == 3)
        #expect(list.description == "amqp://w:***@127.0.0.1:5681,127.0.0.1:5682,node3:5672/batbern")
        let one = try AMQPConnection.Configuration(url: "amqp://w:secret@rabbit/batbern")
        #expect(one.fallbackAddresses.isEmpty)
        #expect(one.addresses == [BrokerAddress(host: "rabbit", port: 5672)])
    }

    @Test func aBadURLIsNamedByItsPositionWithoutItsPassword() throws {
        let error = try #require(
            throws: AMQPError.self,
            performing: { try AMQPConnection.Configuration(url: "amqp://w:secret@a/v,http://w:secret@b/v") })
        #expect(error.code == .invalidURL)
        #expect(error.message.hasPrefix("URL 2 of 2: "))
        #expect(!"\(error)".contains("secret"))
    }

    @Test func urlsThatDifferInMoreThanTheAddressAreRefused() throws {
        for other in [
            "amqp://x:secret@b/v", "amqp://w:other@b/v", "amqp://w:secret@b/elsewhere", "amqps://w:secret@b/v", "amqp://w:secret@b/v?heartbeat=5",
        ] {
            let error = try #require(
                throws: AMQPError.self, performing: { try AMQPConnection.Configuration(url: "amqp://w:secret@a/v,\(other)") })
            #expect(error.message.hasPrefix("URL 2 of 2 differs from URL 1"), "\(other)")
            #expect(!"\(error)".contains("secret") && !"\(error)".contains("other@"))
        }
    }
}
