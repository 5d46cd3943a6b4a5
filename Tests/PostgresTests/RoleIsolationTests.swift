import Foundation
import Postgres
import TestSupport
import Testing

/// The local set-up's roles, against the real server: per context an owner
/// (`batbern_<context>`, migrations) and a worker (`batbern_<context>_worker`,
/// rows only), each reaching its own database only.
///
/// The worker's probes run in transactions that are rolled back, so the
/// context databases keep nothing of them (they may be a developer's).
@Suite(.serialized) struct RoleIsolationTests {
    static let contexts = ["companies", "partners", "events", "speakers", "attendees"]

    static func connect(_ url: String) async throws -> PostgresConnection {
        try await PostgresConnection.connect(PostgresConnection.Configuration(url: url))
    }

    /// Runs `sql` in a transaction that is always rolled back; returns the
    /// SQLSTATE it failed with, or nil when it worked.
    static func attempt(_ connection: PostgresConnection, _ sql: String) async throws -> String? {
        try await connection.execute("BEGIN")
        do {
            try await connection.runScript(sql)
            try await connection.execute("ROLLBACK")
            return nil
        } catch let error as PostgresError {
            try await connection.execute("ROLLBACK")
            return error.sqlState ?? "\(error.code)"
        }
    }

    @Test(arguments: contexts) func theOwnerMigratesItsDatabase(_ context: String) async throws {
        try await TestServers.migrateAsOwner(context)
        let owner = try await Self.connect(TestServers.ownerDatabaseURL(context))
        let row = try await owner.query(
            """
            SELECT current_user::text, (SELECT count(*) FROM schema_migrations),
                   (SELECT datdba::regrole::text FROM pg_database WHERE datname = current_database())
            """)[0]
        #expect(try row.decode(String.self, at: 0) == "batbern_\(context)")
        #expect(try row.decode(Int.self, at: 1) > 0, "migrations recorded")
        #expect(try row.decode(String.self, at: 2) == "batbern_\(context)", "the owner role owns the database")
        await owner.close()
    }

    /// The worker role's default privileges cover every new table, the
    /// migrator's own too: migrating takes back whatever others hold on it.
    @Test func theBookkeepingTableStaysTheOwners() async throws {
        let scratch = try await TestDatabase.connect("bookkeeping")
        try await scratch.connection.runScript(
            """
            CREATE TABLE schema_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            GRANT SELECT, INSERT, UPDATE, DELETE ON schema_migrations TO PUBLIC
            """)
        try await TestServers.migrateAsOwner("companies", databaseURL: TestServers.postgresURL(searchPath: scratch.schema))
        let grants = try await scratch.connection.query(
            """
            SELECT count(*) FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
            WHERE c.oid = 'schema_migrations'::regclass AND a.grantee <> c.relowner
            """)
        #expect(try grants[0].decode(Int.self, at: 0) == 0)
        #expect(try await scratch.connection.query("SELECT count(*) FROM companies")[0].decode(Int.self, at: 0) == 0, "migrated in the URL's schema")
        try await scratch.drop()
    }

    @Test(arguments: contexts) func theWorkerReadsAndWritesItsTables(_ context: String) async throws {
        try await TestServers.migrateAsOwner(context)
        let worker = try await Self.connect(TestServers.workerDatabaseURL(context))
        #expect(try await worker.query("SELECT current_user::text")[0].decode(String.self, at: 0) == "batbern_\(context)_worker")

        // Every table of the context and the kernel (the bookkeeping table
        // aside): all four row privileges, none of the others.
        let tables = try await worker.query(
            """
            SELECT c.relname::text,
                   has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT')
                     AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'),
                   has_table_privilege(c.oid, 'TRUNCATE') OR has_table_privilege(c.oid, 'REFERENCES')
                     OR has_table_privilege(c.oid, 'TRIGGER')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
            """)
        #expect(tables.count >= 4, "the kernel's tables and the context's")
        for table in tables {
            let name = try table.decode(String.self, at: 0)
            #expect(try table.decode(Bool.self, at: 1), "\(name): select, insert, update, delete")
            #expect(try table.decode(Bool.self, at: 2) == false, "\(name): no truncate, references or trigger")
        }
        let sequences = try await worker.query(
            """
            SELECT bool_and(has_sequence_privilege(c.oid, 'USAGE')) FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S'
            """)
        #expect(try sequences[0].decode(Bool.self, at: 0), "usage on every sequence")

        // What the kernel does, for real: inbox, outbox (its sequence), timers,
        // SKIP LOCKED claims, advisory locks, NOTIFY.
        let work = try await Self.attempt(
            worker,
            """
            INSERT INTO inbox (message_id, handler) VALUES ('00000000-0000-4000-8000-00000000aa01', 'role-test');
            UPDATE inbox SET handled_at = now() WHERE handler = 'role-test';
            DELETE FROM inbox WHERE handler = 'role-test';
            INSERT INTO outbox (message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, occurred_at, body)
              VALUES ('00000000-0000-4000-8000-00000000aa02', 'batbern.events', 'role.Test', 'a', 'Test',
                      '00000000-0000-4000-8000-00000000aa02', now(), '{}');
            SELECT id FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED;
            UPDATE outbox SET sent_at = now() WHERE message_id = '00000000-0000-4000-8000-00000000aa02';
            INSERT INTO timers (id, timer_key, due_at, exchange, routing_key, aggregate_id, message_type, correlation_id, body)
              VALUES ('00000000-0000-4000-8000-00000000aa03', 'role-test', now(), 'batbern.commands', 'role.Test', 'a',
                      'Test', '00000000-0000-4000-8000-00000000aa03', '{}');
            DELETE FROM timers WHERE timer_key = 'role-test';
            SELECT pg_advisory_xact_lock(hashtextextended('role-test', 0));
            SELECT pg_notify('batbern_role_test', '');
            """)
        #expect(work == nil, "the kernel's statements work (failed with \(work ?? ""))")
        try await worker.runScript("LISTEN batbern_role_test; UNLISTEN batbern_role_test")
        await worker.close()
    }

    @Test(arguments: contexts) func theWorkerCannotChangeTheSchema(_ context: String) async throws {
        try await TestServers.migrateAsOwner(context)
        let worker = try await Self.connect(TestServers.workerDatabaseURL(context))
        let refused = [
            "CREATE TABLE role_test (x int)",
            "CREATE TEMPORARY TABLE role_test (x int)",
            "CREATE SCHEMA role_test",
            "ALTER TABLE inbox ADD COLUMN role_test int",
            "CREATE INDEX role_test ON inbox (handled_at)",
            "DROP TABLE inbox",
            "TRUNCATE inbox",
            "SELECT count(*) FROM schema_migrations",
            "DELETE FROM schema_migrations",
        ]
        for sql in refused {
            #expect(try await Self.attempt(worker, sql) == "42501", "refused: \(sql)")
        }
        await worker.close()
    }

    @Test func eachRoleReachesOnlyItsOwnDatabase() async throws {
        for context in Self.contexts {
            for url in [TestServers.workerDatabaseURL(context), TestServers.ownerDatabaseURL(context)] {
                let own = try PostgresConnection.Configuration(url: url)
                let connection = try await PostgresConnection.connect(own)
                #expect(try await connection.query("SELECT current_database()::text")[0].decode(String.self, at: 0) == "batbern_\(context)")
                await connection.close()

                for other in Self.contexts.filter({ $0 != context }).map({ "batbern_\($0)" }) + ["batbern_test", "postgres"] {
                    var foreign = own
                    foreign.database = other
                    let error = await #expect(throws: PostgresError.self, "\(own.user) must not reach \(other)") {
                        _ = try await PostgresConnection.connect(foreign)
                    }
                    #expect(error?.code == .connectFailed)
                    #expect(error?.message.contains("permission denied") == true)
                    #expect(error?.message.contains("dev-secret") == false, "no password in errors")
                }
            }
        }
    }

    /// Belt and braces to the refused connection: no worker holds any right on
    /// another context's tables either.
    @Test func noWorkerHoldsRightsOnAnotherContextsTables() async throws {
        for context in Self.contexts {
            try await TestServers.migrateAsOwner(context)
            let owner = try await Self.connect(TestServers.ownerDatabaseURL(context))
            for other in Self.contexts where other != context {
                let role = "batbern_\(other)_worker"
                let rows = try await owner.query(
                    """
                    SELECT count(*) FILTER (WHERE has_table_privilege($1, c.oid, 'SELECT') OR has_table_privilege($1, c.oid, 'INSERT')
                                             OR has_table_privilege($1, c.oid, 'UPDATE') OR has_table_privilege($1, c.oid, 'DELETE')),
                           count(*), has_database_privilege($1, current_database(), 'CONNECT')
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                    """, [role])
                #expect(try rows[0].decode(Int.self, at: 1) > 0, "batbern_\(context) has tables")
                #expect(try rows[0].decode(Int.self, at: 0) == 0, "\(role) has no rights on batbern_\(context)'s tables")
                #expect(try rows[0].decode(Bool.self, at: 2) == false, "\(role) may not connect to batbern_\(context)")
            }
            await owner.close()
        }
    }

    /// The operators' role (`batbern trace`) reads the kernel's rows of every
    /// context but no message body and nothing of the context's own tables,
    /// and writes nothing.
    @Test(arguments: contexts) func theOperatorReadsKernelRowsButNoBodies(_ context: String) async throws {
        try await TestServers.migrateAsOwner(context)
        let operatorRole = try await Self.connect(TestServers.operatorDatabaseURL(context))
        #expect(try await Self.attempt(operatorRole, "SELECT message_id, handler, correlation_id, causation_id FROM inbox LIMIT 1") == nil)
        #expect(try await Self.attempt(operatorRole, "SELECT message_id, routing_key, causation_id, sent_at FROM outbox LIMIT 1") == nil)
        #expect(try await Self.attempt(operatorRole, "SELECT message_id, outcome, reason FROM failures LIMIT 1") == nil)
        #expect(try await Self.attempt(operatorRole, "SELECT id, routing_key, due_at FROM timers LIMIT 1") == nil)
        #expect(try await Self.attempt(operatorRole, "SELECT body FROM outbox LIMIT 1") == "42501", "no message bodies")
        #expect(try await Self.attempt(operatorRole, "SELECT body FROM timers LIMIT 1") == "42501", "no message bodies")
        #expect(
            try await Self.attempt(
                operatorRole, "INSERT INTO inbox (message_id, handler) VALUES ('00000000-0000-4000-8000-00000000aa02', 'operator-test')")
                == "42501")
        // Nothing of the context's own tables.
        let owner = try await Self.connect(TestServers.ownerDatabaseURL(context))
        let readable = try await owner.query(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND c.relname NOT IN ('inbox', 'outbox', 'timers', 'failures', 'delivery_counts')
              AND (has_table_privilege('batbern_operator', c.oid, 'SELECT') OR has_any_column_privilege('batbern_operator', c.oid, 'SELECT'))
            """)
        #expect(try readable[0].decode(Int.self, at: 0) == 0)
        await owner.close()
        await operatorRole.close()
    }
}
