public import Postgres

/// A schema of its own in the test database, so tests run side by side.
public struct TestDatabase: Sendable {
    public let connection: PostgresConnection
    public let schema: String

    public static func connect(_ prefix: String = "t") async throws -> TestDatabase {
        let configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        let connection = try await PostgresConnection.connect(configuration)
        let schema = uniqueName(prefix).replacingOccurrences(of: "-", with: "_")
        try await connection.runScript("CREATE SCHEMA \(schema); SET search_path TO \(schema)")
        return TestDatabase(connection: connection, schema: schema)
    }

    public func drop() async throws {
        try await connection.runScript("DROP SCHEMA \(schema) CASCADE")
        await connection.close()
    }
}

/// Runs one query on a connection opened for it (works across server restarts).
public func queryOnce(
    _ configuration: PostgresConnection.Configuration, _ sql: String, _ binds: [any PostgresEncodable] = []
) async throws -> [PostgresRow] {
    let connection = try await PostgresConnection.connect(configuration)
    do {
        let rows = try await connection.query(sql, binds)
        await connection.close()
        return rows
    } catch {
        await connection.close()
        throw error
    }
}
