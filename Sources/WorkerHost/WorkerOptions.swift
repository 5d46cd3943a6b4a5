public import AMQP
public import Foundation
public import Logging
public import Messaging
public import Postgres

/// What the command line may change about a worker; nil means "the default".
public struct WorkerOptions: Sendable {
    public var amqpURL: String?
    public var databaseURL: String?
    public var prefetch: Int?
    public var concurrency: Int?
    public var batchSize: Int?
    public var queueType: QueueOptions.QueueType?
    public var retryDelays: [Duration]?
    public var httpHost: String?
    /// 0 picks a free port; nil uses the context's default.
    public var httpPort: Int?
    /// Schema search path (tests and the probe run in their own schema).
    public var searchPath: String?

    public init() {}
}

/// Builds the worker configuration of a context from options, the environment
/// and defaults, in that order.
public func workerConfiguration(
    name: String, context: BoundedContext?, options: WorkerOptions, settings: Settings, defaultHTTPPort: Int
) throws -> WorkerConfiguration {
    var amqp = try AMQPConnection.Configuration(url: settings.amqpURL(for: context, override: options.amqpURL))
    amqp.connectionName = "batbern-\(name)"
    let databaseURL: String
    if let context {
        databaseURL = settings.databaseURL(for: context, override: options.databaseURL)
    } else if let url = options.databaseURL {
        databaseURL = url
    } else {
        throw ValidationFailure("a database URL is needed")
    }
    var database = try PostgresConnection.Configuration(url: databaseURL)
    database.applicationName = "batbern-\(name)"
    database.searchPath = options.searchPath ?? database.searchPath
    var configuration = WorkerConfiguration(amqp: amqp, database: database)
    if let value = options.prefetch ?? settings.integer("BATBERN_PREFETCH") { configuration.consumer.prefetch = UInt16(clamping: value) }
    if let value = options.concurrency ?? settings.integer("BATBERN_CONCURRENCY") { configuration.consumer.concurrency = max(1, value) }
    if let value = options.batchSize ?? settings.integer("BATBERN_BATCH_SIZE") { configuration.consumer.batchSize = max(1, value) }
    configuration.topology = try topologyConfiguration(options: options, settings: settings)
    configuration.http = WorkerConfiguration.HTTPSettings(
        host: options.httpHost ?? settings.environment["BATBERN_HTTP_HOST"] ?? "127.0.0.1",
        port: options.httpPort ?? settings.integer("BATBERN_HTTP_PORT") ?? defaultHTTPPort
    )
    return configuration
}

/// Parses `1s,10s,60s` or `200ms,2s`.
public func parseDurations(_ text: String) throws -> [Duration] {
    try text.split(separator: ",").map { part in
        let item = part.trimmingCharacters(in: .whitespaces)
        if item.hasSuffix("ms"), let value = Int64(item.dropLast(2)) { return .milliseconds(value) }
        if item.hasSuffix("s"), let value = Int64(item.dropLast()) { return .seconds(value) }
        if item.hasSuffix("m"), let value = Int64(item.dropLast()) { return .seconds(value * 60) }
        throw ValidationFailure("cannot read duration \(item) (write 200ms, 10s or 5m)")
    }
}

public struct ValidationFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Settings {
    func integer(_ name: String) -> Int? { environment[name].flatMap(Int.init) }
}

/// A context's worker, ready to run.
public func buildWorker(
    _ context: BoundedContext, options: WorkerOptions = WorkerOptions(), settings: Settings = Settings(), logger: Logger
) throws -> Worker {
    let configuration = try workerConfiguration(
        name: context.rawValue, context: context, options: options, settings: settings,
        defaultHTTPPort: context.defaultHTTPPort
    )
    return Worker(try context.definition(settings: settings), configuration: configuration, logger: logger)
}
