public import Foundation
public import Postgres

/// Where a worker finds its servers and files: flags win, then the
/// environment, then defaults that point at the local servers of
/// deploy/local (with their development-only passwords).
public struct Settings: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// `BATBERN_AMQP_URL`, or the context's own broker user on the local server.
    public func amqpURL(for context: BoundedContext?, override: String? = nil) -> String {
        if let override { return override }
        if let value = environment["BATBERN_AMQP_URL"] { return value }
        let user = context?.brokerUser ?? "batbern-admin"
        return "amqp://\(user):\(user)-dev-secret@127.0.0.1:5672/batbern"
    }

    /// Where the worker connects: `BATBERN_<CONTEXT>_DATABASE_URL`, or the
    /// context's worker role (rows only, no DDL) on the local server.
    public func databaseURL(for context: BoundedContext, override: String? = nil) -> String {
        if let override { return override }
        if let value = environment[context.databaseURLVariable] { return value }
        return localDatabaseURL(role: context.workerRole, database: context.databaseName)
    }

    /// Where migrations run: `BATBERN_<CONTEXT>_MIGRATION_DATABASE_URL`, or
    /// the role that owns the context's database on the local server.
    public func migrationDatabaseURL(for context: BoundedContext, override: String? = nil) -> String {
        if let override { return override }
        if let value = environment[context.migrationDatabaseURLVariable] { return value }
        return localDatabaseURL(role: context.databaseName, database: context.databaseName)
    }

    /// Where operators' tools read the kernel tables:
    /// `BATBERN_<CONTEXT>_OPERATOR_DATABASE_URL`, or the `batbern_operator`
    /// role (the kernel tables' columns without message bodies) on the local server.
    public func operatorDatabaseURL(for context: BoundedContext) -> String {
        if let value = environment[context.operatorDatabaseURLVariable] { return value }
        return localDatabaseURL(role: "batbern_operator", database: context.databaseName)
    }

    /// Every context's operators' database, for tools that read them all
    /// (`batbern trace`, `batbern demo`).
    public func operatorDatabases() throws -> [(context: String, configuration: PostgresConnection.Configuration)] {
        try BoundedContext.allCases.map { ($0.rawValue, try PostgresConnection.Configuration(url: operatorDatabaseURL(for: $0))) }
    }

    private func localDatabaseURL(role: String, database: String) -> String {
        "postgres://\(role):\(role)-dev-secret@127.0.0.1:5432/\(database)"
    }

    /// `BATBERN_SCHEMAS_DIR`, or `schemas` in the current directory, or the
    /// one next to the build folder the binary runs from.
    public func schemasDirectory(override: String? = nil) -> URL {
        if let override { return URL(fileURLWithPath: override) }
        if let value = environment["BATBERN_SCHEMAS_DIR"] { return URL(fileURLWithPath: value) }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("schemas")
        if FileManager.default.fileExists(atPath: current.path) { return current }
        // .build/<triple>/<config>/batbern -> repository root
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("schemas")
    }
}
