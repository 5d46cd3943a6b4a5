public import AMQP
import Foundation
public import Identifiers
public import Logging
public import Messaging
public import Postgres
import ServiceLifecycle
import Synchronization

/// A worker running in this process against the real servers, in a schema of
/// its own, with short retry delays, plus what a test needs around it: a way
/// to send commands, a tap on the events it publishes, and its database.
public final class WorkerFixture: Sendable {
    public let name: String
    public let schema: String
    public let database: PostgresConnection
    public let databaseConfiguration: PostgresConnection.Configuration
    public let configuration: WorkerConfiguration
    public let definition: WorkerDefinition
    private let running = Mutex<(worker: Worker, group: ServiceGroup, task: Task<Void, any Error>)?>(nil)

    /// Creates the schema and applies the kernel's and `context`'s migrations;
    /// does not start the worker (see `start()`). `server`: the database URL
    /// of a role that may create schemas (default the test server's).
    public static func make(
        _ definition: WorkerDefinition, context: String, server: String = TestServers.postgresURL,
        configure: (inout WorkerConfiguration) -> Void = { _ in }
    ) async throws -> WorkerFixture {
        let schema = definition.name.replacingOccurrences(of: "-", with: "_")
        var databaseConfiguration = try PostgresConnection.Configuration(url: server)
        let setup = try await PostgresConnection.connect(databaseConfiguration)
        try await setup.runScript("CREATE SCHEMA IF NOT EXISTS \(schema)")
        await setup.close()
        databaseConfiguration.searchPath = schema
        let database = try await PostgresConnection.connect(databaseConfiguration)
        let schemas = TestServers.repositoryRoot.appendingPathComponent("schemas")
        try await Migrator(directories: [
            schemas.appendingPathComponent("messaging"), schemas.appendingPathComponent(context),
        ]).migrate(database)
        var configuration = WorkerConfiguration(
            amqp: try TestServers.amqpConfiguration(name: definition.name), database: databaseConfiguration
        )
        configuration.topology.retryDelays = [.milliseconds(200), .milliseconds(400)]
        configuration.relay.pollInterval = .seconds(1)
        configuration.scheduler.pollInterval = .milliseconds(100)
        // A service past the cancellation deadline would end the whole test
        // process; tests bound their waits themselves.
        configuration.cancellationTimeout = nil
        configure(&configuration)
        return WorkerFixture(
            name: definition.name, schema: schema, database: database, databaseConfiguration: databaseConfiguration,
            configuration: configuration, definition: definition
        )
    }

    /// A started worker for the length of `body`, torn down afterwards
    /// whether `body` returns or throws (a failed expectation skips nothing).
    public static func with<T: Sendable>(
        _ definition: WorkerDefinition, context: String, configure: (inout WorkerConfiguration) -> Void = { _ in },
        _ body: (WorkerFixture) async throws -> T
    ) async throws -> T {
        let fixture = try await make(definition, context: context, configure: configure)
        do {
            try await fixture.start()
            let result = try await body(fixture)
            try await fixture.tearDown()
            return result
        } catch {
            try? await fixture.tearDown()
            throw error
        }
    }

    private init(
        name: String, schema: String, database: PostgresConnection, databaseConfiguration: PostgresConnection.Configuration,
        configuration: WorkerConfiguration, definition: WorkerDefinition
    ) {
        self.name = name
        self.schema = schema
        self.database = database
        self.databaseConfiguration = databaseConfiguration
        self.configuration = configuration
        self.definition = definition
    }

    public var topology: Topology { Topology(definition, configuration: configuration.topology) }

    /// Starts the worker and waits until it is ready; with `logs` it logs there, at every level.
    /// With `logs`, what the worker logs at `debug` and above is kept there;
    /// with `logger`, the worker logs to it (e.g. a JSONLogHandler's).
    public func start(logs: LogRecorder? = nil, logger given: Logger? = nil) async throws {
        let echo = ProcessInfo.processInfo.environment["BATBERN_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        var logger = Logger(label: "test.\(name)")
        logger.logLevel = echo
        if let logs { logger = logs.logger(label: "test.\(name)", echo: echo) }
        if let given { logger = given }
        let worker = Worker(definition, configuration: configuration, logger: logger)
        let group = worker.serviceGroup(signals: [])
        let task = Task { try await group.run() }
        running.withLock { $0 = (worker, group, task) }
        try await eventually("worker \(name) ready", timeout: .seconds(30)) { worker.health.isReady }
    }

    /// Stops it gracefully and waits until it has.
    public func stop() async throws {
        guard
            let current = running.withLock({ state -> (Worker, ServiceGroup, Task<Void, any Error>)? in
                defer { state = nil }
                return state.map { ($0.worker, $0.group, $0.task) }
            })
        else { return }
        await current.1.triggerGracefulShutdown()
        try await current.2.value
    }

    public var worker: Worker? { running.withLock { $0?.worker } }

    /// Removes the worker's queues and schema.
    public func tearDown() async throws {
        try await stop()
        let connection = try await AMQPConnection.connect(TestServers.amqpConfiguration(name: "teardown"))
        let channel = try await connection.openChannel()
        for queue in [topology.workQueue, topology.parkingQueue] + topology.retryQueues {
            try await channel.deleteQueue(queue)
        }
        try await channel.deleteExchange(topology.kernelExchange)
        await connection.close()
        await database.close()
        let cleanup = try await PostgresConnection.connect(databaseConfiguration)
        try await cleanup.runScript("DROP SCHEMA \(schema) CASCADE")
        await cleanup.close()
    }

    /// Runs a query on a connection of its own, so it works across a
    /// database restart.
    public func query(_ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> [PostgresRow] {
        try await queryOnce(databaseConfiguration, sql, binds)
    }

    public func count(_ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> Int {
        try await query(sql, binds)[0].decode(Int.self, at: 0)
    }

    /// A metric of this worker as Prometheus reports it (0 when absent);
    /// with `label`, the series that carries it.
    public func metric(_ name: String, labelled label: String? = nil) -> Double {
        worker?.metric(name, labelled: label) ?? 0
    }
}

/// Sends commands and raw messages to the broker the way any client would.
public final class TestClient: Sendable {
    public let connection: AMQPConnection
    public let channel: AMQPChannel

    public static func connect(vhost: String? = nil) async throws -> TestClient {
        var configuration = try TestServers.amqpConfiguration(name: "test-client")
        if let vhost { configuration.vhost = vhost }
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        try await channel.enableConfirms()
        try await channel.declareExchange(Exchanges.commands, type: .topic)
        try await channel.declareExchange(Exchanges.events, type: .topic)
        return TestClient(connection: connection, channel: channel)
    }

    private init(connection: AMQPConnection, channel: AMQPChannel) {
        self.connection = connection
        self.channel = channel
    }

    /// Sends a command (or event) as an envelope, with `headers` (e.g. a
    /// `traceparent`); returns the envelope's id.
    @discardableResult
    public func send<P: Codable & Sendable>(
        _ key: MessageKey, data: P, id: Identifier = Identifier(), aggregateId: String = Identifier().description,
        version: Int = 1, correlationId: Identifier? = nil, headers: AMQPTable = [:]
    ) async throws -> Identifier {
        let envelope = Envelope(
            id: id, aggregateId: aggregateId, aggregateType: "test", eventType: key.name, eventVersion: version,
            occurredAt: Date(), data: data, correlationId: correlationId
        )
        try await sendRaw(MessageCoding.encode(envelope), key: key, messageId: id.description, headers: headers)
        return id
    }

    public func sendRaw(_ body: [UInt8], key: MessageKey, messageId: String? = nil, headers: AMQPTable = [:]) async throws {
        try await channel.publish(
            body, exchange: key.exchange, routingKey: key.routingKey,
            properties: AMQPProperties(contentType: "application/json", headers: headers, messageId: messageId, type: key.name),
            mandatory: true
        )
    }

    public func close() async { await connection.close() }
}

/// Collects what is published on batbern.events (or another exchange) under some routing keys.
public final class EventTap: Sendable {
    private final class Received: Sendable {
        let items = Mutex<[AMQPDelivery]>([])
    }

    private let received = Received()
    private let connection: AMQPConnection
    private let pump: Task<Void, Never>

    public static func open(bindings: [String], vhost: String? = nil, exchange: String = Exchanges.events) async throws -> EventTap {
        var configuration = try TestServers.amqpConfiguration(name: "event-tap")
        if let vhost { configuration.vhost = vhost }
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        try await channel.declareExchange(exchange, type: .topic)
        let queue = uniqueName("tap")
        try await channel.declareQueue(queue, options: QueueOptions(durable: false, exclusive: true, autoDelete: true, type: .classic))
        for binding in bindings { try await channel.bindQueue(queue, exchange: exchange, routingKey: binding) }
        let consumer = try await channel.consume(queue: queue, noAck: true)
        return EventTap(connection: connection, consumer: consumer)
    }

    private init(connection: AMQPConnection, consumer: AMQPConsumer) {
        self.connection = connection
        let received = self.received
        pump = Task {
            do {
                for try await delivery in consumer { received.items.withLock { $0.append(delivery) } }
            } catch {}
        }
    }

    deinit { pump.cancel() }

    public var deliveries: [AMQPDelivery] { received.items.withLock { $0 } }

    public func messages(_ routingKey: String) -> [AMQPDelivery] {
        deliveries.filter { $0.routingKey == routingKey }
    }

    /// Waits until at least `count` messages with `routingKey` arrived.
    @discardableResult
    public func wait(for routingKey: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws -> [AMQPDelivery] {
        try await eventually("\(count) × \(routingKey)", timeout: timeout) { self.messages(routingKey).count >= count }
        return messages(routingKey)
    }

    public func close() async {
        pump.cancel()
        await connection.close()
    }
}
