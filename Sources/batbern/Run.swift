import ArgumentParser
import Foundation
import Messaging
import WorkerHost

/// The whole system on one machine: every database migrated by its owner
/// role, then one `batbern worker <context>` process per context (or
/// `--replicas` of them), supervised.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate every context's database, then run one worker process per context and keep them running.",
        discussion: """
            Migrations run as each database's owner role ($BATBERN_<CONTEXT>_MIGRATION_DATABASE_URL); \
            the workers connect as their worker roles ($BATBERN_<CONTEXT>_DATABASE_URL). A worker that \
            exits on its own is restarted after 1 s, 2 s, 4 s ... up to 30 s (back to 1 s once it ran a \
            minute). SIGTERM or SIGINT stops every worker gracefully; each gets $BATBERN_SHUTDOWN_TIMEOUT \
            (default 25s), and whatever still runs 5 s later is killed. Exits 0 when every worker stopped \
            cleanly, with a worker's status 64 when its flags or settings are wrong, else 1.
            """
    )

    @Option(help: "Folder with the migrations (default: $BATBERN_SCHEMAS_DIR, then ./schemas).")
    var schemas: String?

    @Option(
        help:
            "HTTP port of the companies worker; partners, events, speakers, attendees and notifications take the next five (default 9101; 0 lets each pick a free port)."
    )
    var httpPortBase: Int = 9101

    @Option(
        help: """
            Worker processes per context, competing consumers of its queue: N for every context, context=N for one, \
            or a comma-separated mix (e.g. 3 or attendees=3,events=2; default 1). Replica r of a context listens on \
            its port + (r - 1) × 10 (9111-9116 for the second, 9121-9126 for the third).
            """,
        transform: { text in
            do { return try ReplicaPlan(parsing: text) } catch { throw ValidationError("--replicas: \(error)") }
        })
    var replicas = ReplicaPlan()

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        let highest = replicas.highestPort(httpPortBase: 1)
        guard httpPortBase == 0 || (1...(65536 - highest)).contains(httpPortBase) else {
            throw ValidationError("--http-port-base is 0, or 1...\(65536 - highest) with these replicas")
        }
    }

    func run() async throws {
        let settings = Settings()
        // Every worker's settings are checked here, before anything is
        // migrated or started: a bad one stops `run` with status 64.
        let (level, format, configurations) = try readSettings(runtime.workerOptions(), settings) { reader in
            let configurations = BoundedContext.allCases.map { context in
                let configuration = WorkerConfiguration(
                    reading: &reader, name: context.rawValue, context: context, settings: settings,
                    defaultHTTPPort: context.defaultHTTPPort
                )
                _ = context.definition(reading: &reader)
                return configuration
            }
            return (reader.logLevel(), reader.logFormat(), configurations)
        }
        // The workers read the same BATBERN_SHUTDOWN_TIMEOUT.
        let shutdownTimeout = configurations.map(\.shutdownTimeout).max() ?? .seconds(25)
        let logger = bootstrapLogging(level, format: format)
        for context in BoundedContext.allCases {
            let applied = try await migrateDatabase(
                of: context, databaseURL: settings.migrationDatabaseURL(for: context),
                schemas: settings.schemasDirectory(override: schemas), logger: logger
            )
            logger.info("database up to date", metadata: ["context": "\(context.rawValue)", "applied": "\(applied.count)"])
        }

        var environment = settings.environment.merging(runtime.forwardedEnvironment) { $1 }
        environment[ParentWatch.variable] = String(getpid())
        environment[Self.shutdownTimeoutVariable] = environment[Self.shutdownTimeoutVariable] ?? "25s"
        let children = replicas.replicas(httpPortBase: httpPortBase).map { replica in
            Supervisor.Child(
                name: replica.name,
                arguments: ["worker", replica.context.rawValue, "--http-port", String(replica.httpPort)] + runtime.forwardedArguments,
                environment: environment
            )
        }
        var configuration = Supervision.Configuration()
        configuration.stopDeadline = shutdownTimeout + .seconds(5)
        let status = await Supervisor(children: children, configuration: configuration, logger: logger).run()
        if status != 0 { throw ExitCode(status) }
    }

    static let shutdownTimeoutVariable = "BATBERN_SHUTDOWN_TIMEOUT"
}
