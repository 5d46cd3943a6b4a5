/// The five bounded contexts, each run as a worker with its own database.
public enum BoundedContext: String, CaseIterable, Sendable, Codable {
    case companies, partners, events, speakers, attendees

    /// Database, role and broker user are named after the context.
    public var databaseName: String { "batbern_\(rawValue)" }
    public var brokerUser: String { "batbern-\(rawValue)" }
    /// Environment variable holding this context's database URL.
    public var databaseURLVariable: String { "BATBERN_\(rawValue.uppercased())_DATABASE_URL" }
}
