import Postgres
import TestSupport
import Testing

/// Writes that do not wait for their answer inside a pipelined transaction:
/// they land in order, a failed one fails the transaction at the next
/// statement that waits, and the connection is usable afterwards.
@Suite struct PipelinedWriteTests {
    func withTable(_ body: (PostgresConnection) async throws -> Void) async throws {
        let db = try await TestDatabase.connect("pipe")
        do {
            try await db.connection.runScript("CREATE TABLE items (n integer PRIMARY KEY, label text NOT NULL)")
            try await body(db.connection)
        } catch {
            try? await db.drop()
            throw error
        }
        try await db.drop()
    }

    func count(_ db: PostgresConnection) async throws -> Int {
        try await db.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0)
    }

    @Test func enqueuedWritesLandInOrderAndAQueryInBetweenSeesThem() async throws {
        try await withTable { db in
            let before = await db.roundTrips
            let seen = try await db.transaction(pipelined: true) { db in
                for n in 1...50 { try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [n, "item \(n)"]) }
                let seen = try db.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0)
                for n in 51...60 { try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [n, "item \(n)"]) }
                try db.enqueue("UPDATE items SET label = 'last' WHERE n = $1", [60])
                return seen
            }
            #expect(seen == 50)
            // BEGIN, the writes and the query behind them; the rest with COMMIT.
            #expect(await db.roundTrips - before == 2)
            #expect(try await count(db) == 60)
            #expect(try await db.query("SELECT label FROM items WHERE n = 60")[0].decode(String.self, at: 0) == "last")
        }
    }

    @Test func aFailedWriteFailsTheTransactionAtTheNextWaitAndTheConnectionGoesOn() async throws {
        try await withTable { db in
            try await db.execute("INSERT INTO items (n, label) VALUES (7, 'there')")
            await #expect {
                try await db.transaction(pipelined: true) { db in
                    try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [1, "one"])
                    try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [7, "again"])
                    try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [8, "eight"])
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "23505"
            }
            #expect(try await count(db) == 1, "nothing of the failed transaction stays")
            await #expect {
                try await db.transaction(pipelined: true) { db in
                    try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [7, "again"])
                    _ = try db.query("SELECT 1")
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "23505"
            }
            try await db.transaction(pipelined: true) { db in
                try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [2, "two"])
            }
            #expect(try await count(db) == 2, "the connection works on, pipelined or not")
        }
    }

    @Test func aNewStatementThatFailsToPrepareIsPreparedAgainNextTime() async throws {
        try await withTable { db in
            await #expect(throws: PostgresError.self) {
                try await db.transaction(pipelined: true) { db in
                    try db.enqueue("INSERT INTO missing_table (n) VALUES ($1)", [1])
                }
            }
            try await db.runScript("CREATE TABLE missing_table (n integer)")
            try await db.transaction(pipelined: true) { db in
                try db.enqueue("INSERT INTO missing_table (n) VALUES ($1)", [1])
            }
            #expect(try await db.query("SELECT count(*) FROM missing_table")[0].decode(Int.self, at: 0) == 1)
        }
    }

    /// A cached statement that vanished fails the pipelined transaction as
    /// transient, and the transaction run again prepares it afresh.
    @Test func aVanishedStatementIsPreparedAgainWhenTheTransactionRunsAgain() async throws {
        try await withTable { db in
            let insert = "INSERT INTO items (n, label) VALUES ($1, $2)"
            try await db.transaction(pipelined: true) { db in try db.enqueue(insert, [1, "one"]) }
            try await db.runScript("DEALLOCATE ALL")
            let error = await #expect(throws: PostgresError.self) {
                try await db.transaction(pipelined: true) { db in try db.enqueue(insert, [2, "two"]) }
            }
            #expect(error?.isTransient == true, "\(String(describing: error))")
            try await db.transaction(pipelined: true) { db in try db.enqueue(insert, [2, "two"]) }
            #expect(try await count(db) == 2)
        }
    }

    @Test func outsideAPipelinedTransactionEnqueueWaits() async throws {
        try await withTable { db in
            try await db.execute("INSERT INTO items (n, label) VALUES (7, 'there')")
            await #expect(throws: PostgresError.self) {
                try await db.transaction { db in
                    try db.enqueue("INSERT INTO items (n, label) VALUES ($1, $2)", [7, "again"])
                    Issue.record("the failed write threw at once")
                }
            }
        }
    }
}
