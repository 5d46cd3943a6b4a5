public import Foundation
public import Logging
public import Postgres
import Retry

/// Brings a context's database up to date: the messaging kernel's tables,
/// then the context's own.
public func migrateDatabase(
    of context: BoundedContext,
    databaseURL: String,
    schemas: URL,
    logger: Logger
) async throws -> [String] {
    let configuration = try PostgresConnection.Configuration(url: databaseURL)
    let connection = try await PostgresConnection.connect(configuration, logger: logger)
    let migrator = Migrator(
        directories: [schemas.appendingPathComponent("messaging"), schemas.appendingPathComponent(context.rawValue)],
        logger: logger
    )
    do {
        let applied = try await migrator.migrate(connection)
        await connection.close()
        return applied
    } catch {
        await connection.close()
        throw error
    }
}
