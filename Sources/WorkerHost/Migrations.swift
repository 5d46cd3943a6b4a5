public import Foundation
public import Logging
import Postgres

/// Brings a context's database up to date: the messaging kernel's tables,
/// then the context's own. Runs as the role that owns the database (the
/// migration role); the worker role gets its rights on the new tables from
/// the default privileges the deployment set up (deploy/postgres).
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
        try await connection.runScript(keepBookkeepingToTheOwner)
        await connection.close()
        return applied
    } catch {
        await connection.close()
        throw error
    }
}

/// The default privileges give the worker role rows of every table the owner
/// creates, the migrator's bookkeeping table too; a worker has no business
/// there (rows it deleted would be applied again), so only the owner keeps it.
private let keepBookkeepingToTheOwner = """
    DO $$
    DECLARE grantee text;
    BEGIN
        FOR grantee IN
            SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
            FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
            WHERE c.oid = 'schema_migrations'::regclass AND a.grantee <> c.relowner
        LOOP
            EXECUTE format('REVOKE ALL ON TABLE schema_migrations FROM %s', grantee);
        END LOOP;
    END $$
    """
