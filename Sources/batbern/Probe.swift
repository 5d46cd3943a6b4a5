import ArgumentParser
import Foundation
import KernelProbe
import Logging
import Messaging
import Postgres
import WorkerHost

/// Runs the kernel probe worker: what the crash and shutdown tests start as a
/// real process, and a way to check a deployment's broker and database.
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the kernel probe worker (for tests and deployment checks).",
        shouldDisplay: false
    )

    @Option(help: "Worker name, which is also its queue's name.")
    var name: String = "probe"

    @Option(help: "Database URL.")
    var databaseURL: String

    @Option(help: "Schema to use (created and migrated if missing).")
    var searchPath: String?

    @Option(help: "Port of /metrics and /health (default 0: any, or $BATBERN_HTTP_PORT).")
    var httpPort: String?

    @Option(help: "Folder with the migrations (default: ./schemas).")
    var schemas: String?

    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        var options = runtime.workerOptions()
        options.databaseURL = databaseURL
        options.httpPort = httpPort
        let settings = Settings()
        let ((level, format), configuration) = try readSettings(options, settings) { reader in
            (
                (reader.logLevel(), reader.logFormat()),
                WorkerConfiguration(
                    reading: &reader, name: name, context: nil, settings: settings, defaultHTTPPort: 0, searchPath: searchPath
                )
            )
        }
        let logger = bootstrapLogging(level, format: format)
        if let searchPath {
            var database = configuration.database
            database.searchPath = nil
            let setup = try await PostgresConnection.connect(database, logger: logger)
            try await setup.execute("SELECT 1")
            try await setup.runScript("CREATE SCHEMA IF NOT EXISTS \(searchPath.filter { $0.isLetter || $0.isNumber || $0 == "_" })")
            await setup.close()
        }
        let folder = settings.schemasDirectory(override: schemas)
        let connection = try await PostgresConnection.connect(configuration.database, logger: logger)
        try await Migrator(directories: [folder.appendingPathComponent("messaging"), folder.appendingPathComponent("probe")], logger: logger)
            .migrate(connection)
        await connection.close()
        // Fault injection for the crash tests: BATBERN_FAILPOINT=crash-after-commit
        // makes the probe SIGKILL itself after committing a batch, before acking it.
        var afterCommit: (@Sendable () -> Void)?
        if ProcessInfo.processInfo.environment["BATBERN_FAILPOINT"] == "crash-after-commit" {
            afterCommit = { _ = kill(getpid(), SIGKILL) }
        }
        try await Worker(KernelProbe.definition(name: name), configuration: configuration, logger: logger, afterCommit: afterCommit).run()
    }
}
