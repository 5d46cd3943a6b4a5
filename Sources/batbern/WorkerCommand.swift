import ArgumentParser
import Logging
import Messaging
import ServiceLifecycle
import WorkerHost

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one context's worker until SIGTERM or SIGINT (then stop gracefully and exit 0)."
    )

    @Argument(help: "The context: \(BoundedContext.allCases.map(\.rawValue).joined(separator: ", ")).")
    var context: BoundedContext

    @Option(help: "Database URL (default: $BATBERN_<CONTEXT>_DATABASE_URL, then the local server).")
    var databaseURL: String?

    @Option(help: "Port of /metrics and /health (default 9101-9105 by context, 0 for any, or $BATBERN_HTTP_PORT).")
    var httpPort: String?

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        var options = runtime.workerOptions()
        options.databaseURL = databaseURL
        options.httpPort = httpPort
        let settings = Settings()
        let (level, configuration, definition) = try readSettings(options, settings) { reader in
            (reader.logLevel(), WorkerConfiguration(
                reading: &reader, name: context.rawValue, context: context, settings: settings,
                defaultHTTPPort: context.defaultHTTPPort
            ), context.definition(reading: &reader))
        }
        try await Worker(definition, configuration: configuration, logger: bootstrapLogging(level)).run()
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate every context's database, then run all five workers in this process."
    )

    @Option(help: "Folder with the migrations (default: $BATBERN_SCHEMAS_DIR, then ./schemas).")
    var schemas: String?

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        let settings = Settings()
        let (level, setups) = try readSettings(runtime.workerOptions(), settings) { reader in
            (reader.logLevel(), BoundedContext.allCases.map { context in
                (WorkerConfiguration(
                    reading: &reader, name: context.rawValue, context: context, settings: settings,
                    defaultHTTPPort: context.defaultHTTPPort
                ), context.definition(reading: &reader))
            })
        }
        let logger = bootstrapLogging(level)
        for context in BoundedContext.allCases {
            _ = try await migrateDatabase(
                of: context, databaseURL: settings.databaseURL(for: context),
                schemas: settings.schemasDirectory(override: schemas), logger: logger
            )
        }
        let workers = setups.map { Worker($0.1, configuration: $0.0, logger: logger) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: workers.map { .init(service: $0.serviceGroup(signals: []), successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        logger.info("running all workers", metadata: [
            "http_ports": "\(BoundedContext.allCases.map { "\($0.rawValue)=\($0.defaultHTTPPort)" }.joined(separator: " "))",
        ])
        try await group.run()
    }
}
