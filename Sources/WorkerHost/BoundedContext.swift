/// The bounded contexts, each run as a worker with its own database.
public enum BoundedContext: String, CaseIterable, Sendable, Codable {
    case companies, partners, events, speakers, attendees, notifications

    /// Database, roles and broker user are named after the context. The
    /// database's name is also its owner role's, which runs the migrations.
    public var databaseName: String { "batbern_\(rawValue)" }
    /// The role the worker connects as: rows of its own tables, no DDL.
    public var workerRole: String { "batbern_\(rawValue)_worker" }
    public var brokerUser: String { "batbern-\(rawValue)" }
    /// Environment variable holding the worker's database URL.
    public var databaseURLVariable: String { "BATBERN_\(rawValue.uppercased())_DATABASE_URL" }
    /// Environment variable holding the owner's database URL, for migrations.
    public var migrationDatabaseURLVariable: String { "BATBERN_\(rawValue.uppercased())_MIGRATION_DATABASE_URL" }
    /// Environment variable holding the operators' database URL (`batbern trace`).
    public var operatorDatabaseURLVariable: String { "BATBERN_\(rawValue.uppercased())_OPERATOR_DATABASE_URL" }
}
