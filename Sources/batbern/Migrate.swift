public import ArgumentParser
import Logging
public import WorkerHost

extension BoundedContext: ExpressibleByArgument {}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations (all contexts unless one is named)."
    )

    @Argument(help: "Context to migrate: \(BoundedContext.allCases.map(\.rawValue).joined(separator: ", ")).")
    var context: BoundedContext?

    @Option(
        help:
            "Database URL of the role that owns the database (default: $BATBERN_<CONTEXT>_MIGRATION_DATABASE_URL, then the local owner role). Only with a context."
    )
    var databaseURL: String?

    @Option(help: "Folder with messaging/ and <context>/ migrations (default: $BATBERN_SCHEMAS_DIR, then ./schemas).")
    var schemas: String?

    func validate() throws {
        if databaseURL != nil && context == nil {
            throw ValidationError("--database-url needs a context")
        }
    }

    func run() async throws {
        let logger = Logger(label: "batbern.migrate")
        let settings = Settings()
        let folder = settings.schemasDirectory(override: schemas)
        for context in context.map({ [$0] }) ?? BoundedContext.allCases {
            let applied = try await migrateDatabase(
                of: context, databaseURL: settings.migrationDatabaseURL(for: context, override: databaseURL),
                schemas: folder, logger: logger
            )
            print("\(context.rawValue): \(applied.isEmpty ? "up to date" : "applied \(applied.joined(separator: ", "))")")
        }
    }
}
