public import Foundation
public import Identifiers
public import Messaging
public import Postgres

/// Runs a worker's handlers against a real database, without a broker, and
/// shows exactly what each message wrote and what it would publish.
///
/// Each harness gets a fresh schema in the test database with the kernel's and
/// the context's migrations applied. Messages go through the production
/// `MessageProcessor`: the same inbox, savepoints, rejection and outbox code.
public final class HandlerHarness: Sendable {
    public let worker: WorkerDefinition
    public let processor: MessageProcessor
    public let database: PostgresConnection
    public let schema: String

    private init(worker: WorkerDefinition, database: PostgresConnection, schema: String) {
        self.worker = worker
        self.database = database
        self.schema = schema
        processor = MessageProcessor(definition: worker, notifyChannel: "harness_\(schema)")
    }

    /// - Parameter context: the folder under schemas/ with the context's migrations.
    public static func start(worker: WorkerDefinition, context: String) async throws -> HandlerHarness {
        let schema = uniqueName("h_\(context)").replacingOccurrences(of: "-", with: "_")
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        let setup = try await PostgresConnection.connect(configuration)
        try await setup.runScript("CREATE SCHEMA \(schema)")
        await setup.close()
        configuration.searchPath = schema
        let database = try await PostgresConnection.connect(configuration)
        let schemas = TestServers.repositoryRoot.appendingPathComponent("schemas")
        try await Migrator(directories: [
            schemas.appendingPathComponent("messaging"), schemas.appendingPathComponent(context),
        ]).migrate(database)
        return HandlerHarness(worker: worker, database: database, schema: schema)
    }

    /// Runs `body` with a fresh harness and drops it afterwards, also when
    /// `body` throws (a failed expectation never leaves a schema behind).
    public static func with(
        worker: WorkerDefinition, context: String, _ body: (HandlerHarness) async throws -> Void
    ) async throws {
        let harness = try await start(worker: worker, context: context)
        do {
            try await body(harness)
        } catch {
            try? await harness.drop()
            throw error
        }
        try await harness.drop()
    }

    /// Sends a message built from `data` and returns what handling it did.
    @discardableResult
    public func send<P: Codable & Sendable>(
        _ key: MessageKey, data: P, aggregateId: String = Identifier().description, aggregateType: String = "",
        version: Int = 1, id: Identifier = Identifier(), correlationId: Identifier? = nil, now: Date = Date()
    ) async throws -> HarnessResult {
        let envelope = Envelope(
            id: id, aggregateId: aggregateId, aggregateType: aggregateType, eventType: key.name,
            eventVersion: version, occurredAt: now, data: data, correlationId: correlationId
        )
        return try await deliver(body: MessageCoding.encode(envelope), routingKey: key.routingKey, now: now)
    }

    /// Delivers raw bytes under a routing key, as the broker would.
    @discardableResult
    public func deliver(body: [UInt8], routingKey: String, now: Date = Date()) async throws -> HarnessResult {
        let prepared = processor.prepare(IncomingDelivery(body: body, routingKey: routingKey))
        let outcome = try await processor.process([prepared], now: now, on: database)[0]
        return HarnessResult(outcome: outcome, body: body, routingKey: routingKey)
    }

    /// Delivers raw messages as one batch (one transaction), as a lane would.
    public func deliverBatch(_ messages: [(body: [UInt8], routingKey: String)], now: Date = Date()) async throws -> [HarnessResult] {
        let prepared = messages.map { processor.prepare(IncomingDelivery(body: $0.body, routingKey: $0.routingKey)) }
        let outcomes = try await processor.process(prepared, now: now, on: database)
        return zip(outcomes, messages).map { HarnessResult(outcome: $0, body: $1.body, routingKey: $1.routingKey) }
    }

    /// Delivers the same message again (a broker redelivery).
    @discardableResult
    public func redeliver(_ result: HarnessResult, now: Date = Date()) async throws -> HarnessResult {
        try await deliver(body: result.body, routingKey: result.routingKey, now: now)
    }

    /// Fires the timers due at `upTo` (as the scheduler would) and returns the
    /// messages they put in the outbox, without handling them.
    public func fireTimers(upTo now: Date) async throws -> [PublishedMessage] {
        try await processor.fireDueTimers(now: now, limit: 10_000, on: database).map(PublishedMessage.init)
    }

    /// Fires due timers and hands each resulting command to this worker.
    public func runTimers(upTo now: Date) async throws -> [HarnessResult] {
        var results: [HarnessResult] = []
        for message in try await fireTimers(upTo: now) {
            results.append(try await deliver(body: Array(message.body.utf8), routingKey: message.routingKey, now: now))
        }
        return results
    }

    public func query(_ sql: String, _ binds: [any PostgresEncodable] = []) async throws -> [PostgresRow] {
        try await database.query(sql, binds)
    }

    /// Drops the schema and closes the connection.
    public func drop() async throws {
        try await database.runScript("DROP SCHEMA \(schema) CASCADE")
        await database.close()
    }
}

/// What handling one message did.
public struct HarnessResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case handled
        case duplicate
        case rejected(CommandRejected)
        case failed(String)
        case parked(ParkReason, String)
        case dropped
    }

    public let outcome: Outcome
    /// Everything it put in the outbox, the CommandRejected answer included.
    public let published: [PublishedMessage]
    public let scheduled: [ScheduledTimer]
    public let cancelledTimerKeys: [String]
    /// What the handler asked to forget (`HandlerContext.forgetMessages`).
    public let erasures: [ErasureRequest]
    let body: [UInt8]
    let routingKey: String
    /// The delivered message, to deliver again in a batch.
    public var replay: (body: [UInt8], routingKey: String) { (body, routingKey) }

    init(outcome: MessageProcessor.Outcome, body: [UInt8], routingKey: String) {
        self.body = body
        self.routingKey = routingKey
        switch outcome {
        case .handled(let effects):
            self.outcome = effects.rejection.map { .rejected($0) } ?? .handled
            published = effects.published.map(PublishedMessage.init)
            scheduled = effects.scheduled
            cancelledTimerKeys = effects.cancelledTimerKeys
            erasures = effects.erasures
        case .duplicate:
            self.outcome = .duplicate
            (published, scheduled, cancelledTimerKeys, erasures) = ([], [], [], [])
        case .failed(let error):
            self.outcome = .failed(error)
            (published, scheduled, cancelledTimerKeys, erasures) = ([], [], [], [])
        case .park(let reason, let error):
            self.outcome = .parked(reason, error)
            (published, scheduled, cancelledTimerKeys, erasures) = ([], [], [], [])
        case .dropped:
            self.outcome = .dropped
            (published, scheduled, cancelledTimerKeys, erasures) = ([], [], [], [])
        }
    }

    /// The published messages with this routing key, e.g. `speakers.SpeakerInvited`.
    public func messages(_ routingKey: String) -> [PublishedMessage] {
        published.filter { $0.routingKey == routingKey }
    }
}

/// An outbox message, decoded for assertions.
public struct PublishedMessage: Sendable {
    public let routingKey: String
    public let exchange: String
    public let header: EnvelopeHeader
    public let data: JSONValue
    public let body: String

    public init(_ message: OutgoingMessage) {
        routingKey = message.routingKey
        exchange = message.exchange
        body = message.body
        let bytes = Array(message.body.utf8)
        // The kernel encoded these itself, so they decode.
        header =
            (try? MessageCoding.decode(EnvelopeHeader.self, from: bytes))
            ?? EnvelopeHeader(
                id: message.messageId, aggregateId: message.aggregateId, aggregateType: "", eventType: message.messageType,
                eventVersion: 0, occurredAt: message.occurredAt, correlationId: message.correlationId, causationId: nil)
        data = (try? MessageCoding.decode(Envelope<JSONValue>.self, from: bytes).data) ?? .null
    }

    /// Decodes the data as a payload type.
    public func decode<P: Codable & Sendable>(_ type: P.Type) throws -> P {
        try MessageCoding.decode(Envelope<P>.self, from: Array(body.utf8)).data
    }
}
