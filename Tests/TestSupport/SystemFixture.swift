import AMQP
import Foundation
public import Identifiers
public import Logging
public import Messaging
public import Postgres
import ServiceLifecycle
import Synchronization
public import WorkerHost

/// Several real context workers in this process, talking through RabbitMQ,
/// each with its own PostgreSQL schema, in a broker vhost of their own.
///
/// The vhost keeps the real queue and routing key names of the workers from
/// meeting any other test's (or a `batbern run` on the same machine): every
/// system test gets its own little BATbern.
public final class SystemFixture: Sendable {
    public let vhost: String
    public let suffix: String
    public let client: TestClient
    /// Every event published in the vhost.
    public let events: EventTap
    /// Every command sent in the vhost (by the test's client, and by workers: timers).
    public let commands: EventTap
    public let contract: ContractValidator
    /// What the workers logged at `debug` and above.
    public let logs = LogRecorder()
    private let environment: [String: String]
    /// Of the log lines, those at this level and above also go to stderr.
    private let echoLevel: Logger.Level
    private let running = Mutex<[BoundedContext: RunningWorker]>([:])
    /// Workers whose service group returned or threw.
    private let ended = Mutex<Set<ObjectIdentifier>>([])
    /// Events decoded so far, so polling a busy bus does not decode it all again.
    private let decoded = Mutex<(count: Int, events: [PublishedEvent])>((0, []))
    private let configurations: [BoundedContext: WorkerConfiguration]
    /// What each worker declares it publishes, by worker name.
    private let declared: [String: Set<String>]

    /// Creates the vhost and the schemas and starts a worker per context.
    /// `environment` is what the workers' settings read (e.g. speakers' timer offsets).
    /// With `ownUsers` the workers connect as their own broker users with the
    /// permissions of deploy/rabbitmq/definitions.json (applied to the
    /// vhost), not as the admin. Without `startingWorkers` the test starts
    /// them itself (`start(_:)`). Log lines at `echo` and above go to stderr
    /// (default: `BATBERN_TEST_LOG`, else `error`); `logs` keeps all from `debug`.
    /// With `httpPortBase` each worker serves /metrics and /health on its
    /// port as `batbern run` gives them (companies on the base, then in
    /// context order); without, none does. A context in `servers` keeps its
    /// schema on the database of that URL (a role that may create schemas
    /// there, as `TestServers.postgresURL`'s) instead of the test server.
    public static func start(
        _ contexts: [BoundedContext], environment: [String: String] = [:], ownUsers: Bool = false,
        startingWorkers: Bool = true, echo: Logger.Level? = nil, httpPortBase: Int? = nil,
        servers: [BoundedContext: String] = [:], configure: (inout WorkerConfiguration) -> Void = { _ in }
    ) async throws -> SystemFixture {
        let vhost = try await BrokerSandbox.make(definitions: ownUsers).vhost
        let suffix = String(vhost.dropFirst("test-".count))

        var configurations: [BoundedContext: WorkerConfiguration] = [:]
        let schemas = TestServers.repositoryRoot.appendingPathComponent("schemas")
        for context in contexts {
            let base = try PostgresConnection.Configuration(url: servers[context] ?? TestServers.postgresURL)
            let schema = "\(context.rawValue)_\(suffix)"
            let setup = try await PostgresConnection.connect(base)
            try await setup.runScript("CREATE SCHEMA \(schema)")
            await setup.close()
            var database = base
            database.searchPath = schema
            database.applicationName = "test-\(context.rawValue)"
            let connection = try await PostgresConnection.connect(database)
            try await Migrator(directories: [
                schemas.appendingPathComponent("messaging"), schemas.appendingPathComponent(context.rawValue),
            ]).migrate(connection)
            await connection.close()
            var amqp = try TestServers.amqpConfiguration(name: "test-\(context.rawValue)")
            if ownUsers { amqp = try TestServers.workerAMQPConfiguration(context) }
            amqp.vhost = vhost
            var configuration = WorkerConfiguration(amqp: amqp, database: database)
            configuration.topology.retryDelays = [.milliseconds(200), .milliseconds(400)]
            configuration.relay.pollInterval = .seconds(1)
            configuration.scheduler.pollInterval = .milliseconds(100)
            configuration.http = httpPortBase.map { .init(port: $0 + (BoundedContext.allCases.firstIndex(of: context) ?? 0)) }
            configure(&configuration)
            configurations[context] = configuration
        }
        let client = try await TestClient.connect(vhost: vhost)
        let events = try await EventTap.open(bindings: ["#"], vhost: vhost)
        let commands = try await EventTap.open(bindings: ["#"], vhost: vhost, exchange: Exchanges.commands)
        let fixture = SystemFixture(
            vhost: vhost, suffix: suffix, client: client, events: events, commands: commands, contract: try ContractValidator(),
            environment: environment,
            echoLevel: echo ?? ProcessInfo.processInfo.environment["BATBERN_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error,
            configurations: configurations,
            declared: Dictionary(
                uniqueKeysWithValues: try BoundedContext.allCases.map {
                    ($0.rawValue, Set(try $0.definition(settings: Settings(environment: environment)).publishes.map(\.routingKey)))
                })
        )
        if startingWorkers {
            for context in contexts { try await fixture.start(context) }
        }
        return fixture
    }

    private init(
        vhost: String, suffix: String, client: TestClient, events: EventTap, commands: EventTap, contract: ContractValidator,
        environment: [String: String], echoLevel: Logger.Level, configurations: [BoundedContext: WorkerConfiguration],
        declared: [String: Set<String>]
    ) {
        self.vhost = vhost
        self.suffix = suffix
        self.client = client
        self.events = events
        self.commands = commands
        self.contract = contract
        self.environment = environment
        self.echoLevel = echoLevel
        self.configurations = configurations
        self.declared = declared
    }

    /// The vhost's AMQP URL (the `batbern-admin` user), for clients outside this process.
    public var amqpURL: String {
        guard var components = URLComponents(string: TestServers.amqpURL) else { return TestServers.amqpURL }
        components.percentEncodedPath = "/" + (vhost.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? vhost)
        return components.string ?? TestServers.amqpURL
    }

    /// The fixture's vhost, for what a test does in it beyond the workers.
    public var sandbox: BrokerSandbox { BrokerSandbox(vhost: vhost) }

    /// Starts (or restarts) one context's worker and waits until it is ready;
    /// `environment` replaces the fixture's for this start (e.g. timer offsets
    /// a test computes once its set-up is done).
    public func start(_ context: BoundedContext, environment override: [String: String]? = nil) async throws {
        guard let configuration = configurations[context] else { return }
        let logger = logs.logger(label: "system.\(context.rawValue)", echo: echoLevel)
        let definition = try context.definition(settings: Settings(environment: override ?? environment))
        let worker = Worker(definition, configuration: configuration, logger: logger)
        let group = worker.serviceGroup(signals: [])
        let task = Task {
            defer { _ = self.ended.withLock { $0.insert(ObjectIdentifier(worker)) } }
            try await group.run()
        }
        running.withLock { $0[context] = RunningWorker(worker: worker, group: group, task: task) }
        try await eventually("\(context.rawValue) worker ready", timeout: .seconds(30)) { worker.health.isReady }
    }

    /// Stops one context's worker gracefully.
    public func stop(_ context: BoundedContext) async throws {
        guard let running = running.withLock({ $0.removeValue(forKey: context) }) else { return }
        await running.group.triggerGracefulShutdown()
        try await running.task.value
    }

    /// The running worker of a context (nil when stopped), for its health and metrics.
    public func worker(_ context: BoundedContext) -> Worker? {
        running.withLock { $0[context]?.worker }
    }

    /// The context's queues and exchanges as its worker declares them.
    public func topology(_ context: BoundedContext) throws -> Topology? {
        guard let configuration = configurations[context] else { return nil }
        return Topology(try context.definition(settings: Settings(environment: environment)), configuration: configuration.topology)
    }

    /// Whether the context's worker started by `start(_:)` still runs: its
    /// service group has not returned or thrown.
    public func isRunning(_ context: BoundedContext) -> Bool {
        guard let worker = worker(context) else { return false }
        return !ended.withLock { $0.contains(ObjectIdentifier(worker)) }
    }

    /// Sends a command as a client would; returns its id.
    @discardableResult
    public func send<P: Codable & Sendable>(
        _ key: MessageKey, _ data: P, aggregateId: String = Identifier().description, id: Identifier = Identifier()
    ) async throws -> Identifier {
        try await client.send(key, data: data, id: id, aggregateId: aggregateId)
    }

    /// The events a message caused (causationId = its id), once at least
    /// `count` arrived.
    @discardableResult
    public func answers(to id: Identifier, count: Int = 1, timeout: Duration = .seconds(30)) async throws -> [PublishedEvent] {
        try await eventually("\(count) answer(s) to \(id)", timeout: timeout) { self.caused(by: id).count >= count }
        return caused(by: id)
    }

    /// Sends a command and returns its answer (its events or its CommandRejected).
    @discardableResult
    public func command<P: Codable & Sendable>(
        _ key: MessageKey, _ data: P, aggregateId: String = Identifier().description, expecting count: Int = 1
    ) async throws -> [PublishedEvent] {
        let id = try await send(key, data, aggregateId: aggregateId)
        return try await answers(to: id, count: count)
    }

    public func caused(by id: Identifier) -> [PublishedEvent] {
        // Decode headers only until a match: the bus may hold thousands of messages.
        events.deliveries.filter { (try? MessageCoding.decode(EnvelopeHeader.self, from: $0.body))?.causationId == id }
            .compactMap(PublishedEvent.init)
    }

    /// Every event seen so far, decoded.
    public var published: [PublishedEvent] {
        let deliveries = events.deliveries
        return decoded.withLock { cache in
            if cache.count < deliveries.count {
                cache.events += deliveries[cache.count...].compactMap(PublishedEvent.init)
                cache.count = deliveries.count
            }
            return cache.events
        }
    }

    /// Events with this routing key seen so far.
    public func published(_ routingKey: String) -> [PublishedEvent] {
        events.messages(routingKey).compactMap(PublishedEvent.init)
    }

    /// Waits until at least `count` events with `routingKey` were seen.
    @discardableResult
    public func wait(
        for routingKey: String, count: Int = 1, timeout: Duration = .seconds(60),
        where predicate: @escaping @Sendable (PublishedEvent) -> Bool = { _ in true }
    ) async throws -> [PublishedEvent] {
        try await eventually("\(count) × \(routingKey)", timeout: timeout) {
            self.published(routingKey).filter(predicate).count >= count
        }
        return published(routingKey).filter(predicate)
    }

    /// Contract violations among every event seen so far, and messages
    /// their workers did not declare (empty is good).
    public func contractProblems() -> [String] {
        events.deliveries.flatMap { contract.problems(body: $0.body, routingKey: $0.routingKey) } + undeclaredPublications()
    }

    /// Messages a worker published without declaring them in its
    /// `WorkerDefinition.publishes` (empty is good): its broker user would be
    /// refused them. The relay names the publishing worker in `app_id`.
    public func undeclaredPublications() -> [String] {
        let undeclared = (events.deliveries + commands.deliveries).compactMap { delivery -> String? in
            guard let worker = delivery.properties.appId, let keys = declared[worker] else { return nil }
            return keys.contains(delivery.routingKey) ? nil : "\(worker) published \(delivery.routingKey), not in its definition"
        }
        return Array(Set(undeclared)).sorted()
    }

    /// Runs a query in a context's schema.
    public func query(_ context: BoundedContext, _ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> [PostgresRow] {
        guard let configuration = configurations[context] else { return [] }
        return try await queryOnce(configuration.database, sql, binds)
    }

    /// Runs statements in a context's schema (a test breaking or mending its tables).
    public func execute(_ context: BoundedContext, _ sql: String) async throws {
        guard let configuration = configurations[context] else { return }
        let connection = try await PostgresConnection.connect(configuration.database)
        do {
            try await connection.runScript(sql)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Where a context's worker connects (its schema on the test server).
    public func databaseConfiguration(_ context: BoundedContext) -> PostgresConnection.Configuration? {
        configurations[context]?.database
    }

    public func count(_ context: BoundedContext, _ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> Int {
        try await query(context, sql, binds)[0].decode(Int.self, at: 0)
    }

    /// Stops the workers, deletes their queues and drops the schemas.
    public func tearDown() async throws {
        for context in configurations.keys { try await stop(context) }
        // Queues are cheap to delete over AMQP; the empty vhost is left for
        // test.sh (see below).
        for context in configurations.keys {
            guard let topology = try topology(context) else { continue }
            for queue in [topology.workQueue, topology.parkingQueue] + topology.retryQueues {
                let channel = try await client.connection.openChannel()
                _ = try? await channel.deleteQueue(queue)
                try? await channel.close()
            }
            let channel = try await client.connection.openChannel()
            try? await channel.deleteExchange(topology.kernelExchange)
            try? await channel.close()
        }
        await events.close()
        await commands.close()
        await client.close()
        for (context, configuration) in configurations {
            var owner = configuration.database
            owner.searchPath = nil
            let cleanup = try await PostgresConnection.connect(owner)
            try await cleanup.runScript("DROP SCHEMA \(context.rawValue)_\(suffix) CASCADE")
            await cleanup.close()
        }
        // The vhost stays: rabbitmqctl delete_vhost was seen to hang under load
        // (its CLI, after the deletion). test.sh removes test vhosts before a run.
    }
}

/// A worker started by the fixture and what runs it.
private struct RunningWorker: Sendable {
    let worker: Worker
    let group: ServiceGroup
    let task: Task<Void, any Error>
}

/// An event seen on the bus, decoded for assertions.
public struct PublishedEvent: Sendable {
    public let routingKey: String
    public let header: EnvelopeHeader
    public let data: JSONValue
    public let body: [UInt8]

    init?(_ delivery: AMQPDelivery) {
        guard let header = try? MessageCoding.decode(EnvelopeHeader.self, from: delivery.body),
            let envelope = try? MessageCoding.decode(Envelope<JSONValue>.self, from: delivery.body)
        else { return nil }
        routingKey = delivery.routingKey
        self.header = header
        data = envelope.data
        body = delivery.body
    }

    public func decode<P: Codable & Sendable>(_ type: P.Type) throws -> P {
        try MessageCoding.decode(Envelope<P>.self, from: body).data
    }

    /// A string field of the data (as sent: compare UUIDs with `uuid(_:)`).
    public func string(_ key: String) -> String? { data[key]?.stringValue }

    public func uuid(_ key: String) -> Identifier? { string(key).flatMap { Identifier($0) } }
}
