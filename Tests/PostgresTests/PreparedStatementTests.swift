import Postgres
import TestSupport
import Testing

/// The statement cache: names never collide, and a statement that vanished or
/// went stale is prepared again, but only where that is safe.
@Suite struct PreparedStatementTests {
    static let a = "SELECT 'a'::text AS which"
    static let b = "SELECT 'b'::text AS which"
    static let c = "SELECT 'c'::text AS which"

    /// Deallocates the statement prepared for `sql` behind the cache's back.
    static func deallocate(_ sql: String, on connection: PostgresConnection) async throws {
        let name = try await connection.query("SELECT name FROM pg_prepared_statements WHERE statement = $1", [sql])[0]
            .decode(String.self, at: 0)
        try await connection.runScript("DEALLOCATE \(name)")
    }

    static func which(_ sql: String, on connection: PostgresConnection) async throws -> String {
        try await connection.query(sql)[0].decode(String.self, at: 0)
    }

    @Test func aForgottenStatementsNewNameNeverCollidesWithALiveOne() async throws {
        let db = try await TestDatabase.connect("prep")
        #expect(try await Self.which(Self.a, on: db.connection) == "a")
        #expect(try await Self.which(Self.b, on: db.connection) == "b")
        try await Self.deallocate(Self.a, on: db.connection)
        #expect(try await Self.which(Self.a, on: db.connection) == "a", "prepared again under a fresh name")
        #expect(try await Self.which(Self.c, on: db.connection) == "c")
        #expect(try await Self.which(Self.b, on: db.connection) == "b")
        try await db.drop()
    }

    @Test func outsideATransactionAVanishedStatementIsPreparedAgain() async throws {
        let db = try await TestDatabase.connect("prep")
        #expect(try await Self.which(Self.a, on: db.connection) == "a")
        try await db.connection.runScript("DEALLOCATE ALL")
        #expect(try await Self.which(Self.a, on: db.connection) == "a")
        try await db.drop()
    }

    @Test func outsideATransactionAStalePlanIsPreparedAgain() async throws {
        let db = try await TestDatabase.connect("prep")
        try await db.connection.runScript("CREATE TABLE t (a integer); INSERT INTO t VALUES (1)")
        #expect(try await db.connection.query("SELECT * FROM t")[0].count == 1)
        try await db.connection.runScript("ALTER TABLE t ADD COLUMN b integer")
        #expect(try await db.connection.query("SELECT * FROM t")[0].count == 2)
        try await db.drop()
    }

    @Test func insideATransactionAVanishedStatementThrowsTheRealCause() async throws {
        let db = try await TestDatabase.connect("prep")
        #expect(try await Self.which(Self.a, on: db.connection) == "a")
        let error = await #expect(throws: PostgresError.self) {
            try await db.connection.transaction { connection in
                try connection.runScript("DEALLOCATE ALL")
                _ = try connection.query(Self.a)
            }
        }
        #expect(error?.sqlState == "26000", "not 25P02, which would hide the cause")
        #expect(error?.isTransient == true)
        // The whole transaction, tried again, works.
        let again = try await db.connection.transaction { connection in
            try connection.query(Self.a)[0].decode(String.self, at: 0)
        }
        #expect(again == "a")
        try await db.drop()
    }

    @Test func insideATransactionAStalePlanThrowsTheRealCause() async throws {
        let db = try await TestDatabase.connect("prep")
        try await db.connection.runScript("CREATE TABLE t (a integer); INSERT INTO t VALUES (1)")
        #expect(try await db.connection.query("SELECT * FROM t")[0].count == 1)
        try await db.connection.runScript("ALTER TABLE t ADD COLUMN b integer")
        let error = await #expect(throws: PostgresError.self) {
            try await db.connection.transaction { connection in
                _ = try connection.query("SELECT * FROM t")
            }
        }
        #expect(error?.sqlState == "0A000", "not 25P02, which would hide the cause")
        #expect(error?.isTransient == true, "the server's routine marks a stale plan")
        let columns = try await db.connection.transaction { connection in
            try connection.query("SELECT * FROM t")[0].count
        }
        #expect(columns == 2)
        try await db.drop()
    }
}
