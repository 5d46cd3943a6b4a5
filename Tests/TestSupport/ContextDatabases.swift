import Foundation
import Logging
import WorkerHost

/// The two roles of each context's database, as the `batbern` CLI defaults to
/// them (and as `BATBERN_<CONTEXT>_DATABASE_URL` /
/// `BATBERN_<CONTEXT>_MIGRATION_DATABASE_URL` override them).
extension TestServers {
    /// `batbern_<context>_worker`: reads and writes the tables, nothing more.
    public static func workerDatabaseURL(_ context: String) -> String {
        Settings().databaseURL(for: boundedContext(context))
    }

    /// `batbern_operator`: reads the kernel's rows without bodies (`batbern trace`).
    public static func operatorDatabaseURL(_ context: String) -> String {
        Settings().operatorDatabaseURL(for: boundedContext(context))
    }

    /// `batbern_<context>`: owns the database and runs its migrations.
    public static func ownerDatabaseURL(_ context: String) -> String {
        Settings().migrationDatabaseURL(for: boundedContext(context))
    }

    /// Brings a context's database (or the one at `databaseURL`) up to date
    /// as `batbern migrate <context>` does; returns the migrations applied now.
    @discardableResult
    public static func migrateAsOwner(_ context: String, databaseURL: String? = nil) async throws -> [String] {
        try await migrateDatabase(
            of: boundedContext(context), databaseURL: databaseURL ?? ownerDatabaseURL(context),
            schemas: repositoryRoot.appendingPathComponent("schemas"), logger: Logger(label: "test.migrate")
        )
    }

    /// The test database, in one schema (`search_path` in the URL), for
    /// what reads only a URL: a `batbern` process, `migrateDatabase`.
    public static func postgresURL(searchPath schema: String) -> String {
        postgresURL + (postgresURL.contains("?") ? "&" : "?") + "search_path=\(schema)"
    }

    private static func boundedContext(_ name: String) -> BoundedContext {
        guard let context = BoundedContext(rawValue: name) else { preconditionFailure("no context named \(name)") }
        return context
    }
}
