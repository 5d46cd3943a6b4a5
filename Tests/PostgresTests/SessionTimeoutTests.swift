import Postgres
import TestSupport
import Testing

/// The session limits of `PostgresConnection.Configuration` reach the server
/// and fail the way callers are told they do.
@Suite struct SessionTimeoutTests {
    static func configuration(_ edit: (inout PostgresConnection.Configuration) -> Void = { _ in }) throws -> PostgresConnection.Configuration {
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        edit(&configuration)
        return configuration
    }

    static func show(_ setting: String, on connection: PostgresConnection) async throws -> String {
        try await connection.query("SELECT current_setting($1)", [setting])[0].decode(String.self, at: 0)
    }

    @Test func theServerRunsTheSessionUnderTheConfiguredLimits() async throws {
        let defaults = try await PostgresConnection.connect(Self.configuration())
        #expect(try await Self.show("statement_timeout", on: defaults) == "30s")
        #expect(try await Self.show("lock_timeout", on: defaults) == "10s")
        #expect(try await Self.show("idle_in_transaction_session_timeout", on: defaults) == "1min")
        await defaults.close()

        let custom = try await PostgresConnection.connect(
            Self.configuration {
                $0.statementTimeout = .milliseconds(1500)
                $0.lockTimeout = .zero
                $0.idleInTransactionSessionTimeout = nil
            })
        #expect(try await Self.show("statement_timeout", on: custom) == "1500ms")
        #expect(try await Self.show("lock_timeout", on: custom) == "0", "zero turns it off")
        let serverDefault = try await custom.query(
            "SELECT reset_val FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'"
        )[0].decode(String.self, at: 0)
        #expect(serverDefault == "0", "nil keeps the server's own setting")
        await custom.close()
    }

    @Test func aStatementPastItsTimeoutIsCancelledAndTheConnectionCarriesOn() async throws {
        let connection = try await PostgresConnection.connect(Self.configuration { $0.statementTimeout = .seconds(1) })
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT pg_sleep(10)")
            })
        #expect(error.sqlState == "57014")
        #expect(error.code == .server)
        #expect(!error.isConnectionFailure)
        #expect(try await connection.query("SELECT 1").count == 1)
        await connection.close()
    }

    @Test func aLockWaitPastItsTimeoutFailsAsTransient() async throws {
        let db = try await TestDatabase.connect("lock")
        try await db.connection.runScript("CREATE TABLE seats (id integer PRIMARY KEY); INSERT INTO seats VALUES (1)")
        let waiter = try await PostgresConnection.connect(
            Self.configuration {
                $0.lockTimeout = .seconds(1)
                $0.searchPath = db.schema
            })
        try await db.connection.execute("BEGIN")
        try await db.connection.execute("SELECT id FROM seats WHERE id = $1 FOR UPDATE", [1])
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await waiter.transaction { connection in
                    try connection.execute("SELECT id FROM seats WHERE id = $1 FOR UPDATE", [1])
                }
            })
        #expect(error.sqlState == "55P03")
        #expect(error.isTransient)
        #expect(!error.isDataError)
        try await db.connection.execute("ROLLBACK")
        // Once the lock is free, the same transaction goes through.
        try await waiter.transaction { connection in
            try connection.execute("SELECT id FROM seats WHERE id = $1 FOR UPDATE", [1])
        }
        await waiter.close()
        try await db.drop()
    }

    @Test func aTransactionLeftIdlePastItsTimeoutLosesTheConnection() async throws {
        let connection = try await PostgresConnection.connect(
            Self.configuration {
                $0.idleInTransactionSessionTimeout = .seconds(1)
            })
        let observer = try await PostgresConnection.connect(Self.configuration())
        let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
        try await connection.execute("BEGIN")
        try await eventually("the server ends the idle session", timeout: .seconds(60)) {
            try await observer.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [pid])[0].decode(Int.self, at: 0) == 0
        }
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT 1")
            })
        #expect(error.code == .connectionLost, "\(error)")
        #expect(error.isConnectionFailure)
        #expect(await !connection.isUsable)
        let again = try #require(await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") })
        #expect(again.code == .connectionLost, "not .closed: this process did not close it")
        await observer.close()
    }

    @Test func keepalivesGoToLibPQAndTheServerAcceptsThem() async throws {
        let connection = try await PostgresConnection.connect(
            Self.configuration {
                $0.keepalivesIdle = .seconds(5)
                $0.keepalivesInterval = .milliseconds(1500)
                $0.keepalivesCount = 2
            })
        #expect(try await connection.query("SELECT 1").count == 1)
        await connection.close()
    }
}
