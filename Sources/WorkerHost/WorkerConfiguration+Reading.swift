import AMQP
public import Messaging
import Postgres

extension WorkerConfiguration {
    /// A worker's configuration from flags (in `reader`), the environment and
    /// defaults, in that order. Problems are recorded in `reader`, not thrown,
    /// so they are reported with every other; a refused value leaves its
    /// default, and a refused URL a placeholder that is never connected to,
    /// since the caller stops on any problem.
    public init(
        reading reader: inout SettingsReader, name: String, context: BoundedContext?, settings: Settings,
        defaultHTTPPort: Int, searchPath: String? = nil
    ) {
        let amqpText = settings.amqpURL(for: context, override: reader.flags["--amqp-url"])
        var amqp =
            reader.check(amqpText, as: reader.source("BATBERN_AMQP_URL", flag: "--amqp-url"), .brokerURL)
            ?? AMQPConnection.Configuration()
        amqp.connectionName = "batbern-\(name)"
        var database = PostgresConnection.Configuration(database: name, user: name)
        if let context {
            let text = settings.databaseURL(for: context, override: reader.flags["--database-url"])
            database = reader.check(text, as: reader.source(context.databaseURLVariable, flag: "--database-url"), .databaseURL) ?? database
        } else {
            database = reader.require(reader.flags["--database-url"], as: "--database-url", .databaseURL) ?? database
        }
        database.applicationName = "batbern-\(name)"
        // A search_path in the URL stays unless the caller gives one.
        if let searchPath { database.searchPath = searchPath }
        self.init(amqp: amqp, database: database)

        reader.read("BATBERN_PREFETCH", flag: "--prefetch", .integer(in: 1...65535), into: &consumer.prefetch)
        reader.read("BATBERN_CONCURRENCY", flag: "--concurrency", .integer(in: 1...64), into: &consumer.concurrency)
        reader.read("BATBERN_BATCH_SIZE", flag: "--batch-size", .integer(in: 1...1000), into: &consumer.batchSize)
        topology = Topology.Configuration(reading: &reader)
        reader.read("BATBERN_MAX_MESSAGE_BYTES", .byteSize(in: 1024...(8 << 20)), into: &maxMessageBytes)
        reader.read("BATBERN_MAX_DELIVERIES", .integer(in: 1...100), into: &maxDeliveries)
        reader.read("BATBERN_SHUTDOWN_TIMEOUT", .duration(in: .seconds(1) ... .seconds(600)), into: &shutdownTimeout)
        reader.read("BATBERN_STALL_TIMEOUT", .duration(in: .seconds(1) ... .seconds(86_400)), into: &stallTimeout)
        var http = HTTPSettings(port: defaultHTTPPort)
        reader.read("BATBERN_HTTP_HOST", flag: "--http-host", .ipv4Address, into: &http.host)
        reader.read("BATBERN_HTTP_PORT", flag: "--http-port", .integer(in: 0...65535), into: &http.port)
        self.http = http
    }
}
