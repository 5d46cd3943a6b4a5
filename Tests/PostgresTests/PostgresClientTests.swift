import Foundation
import Identifiers
import Postgres
import TestSupport
import Testing

@Suite struct PostgresClientTests {
    @Test func everySupportedTypeRoundTripsWithNulls() async throws {
        let db = try await TestDatabase.connect()
        try await db.connection.runScript(
            """
            CREATE TABLE everything (
                id uuid PRIMARY KEY, t text, i integer, b bigint, f boolean, n numeric(10,2),
                d date, ts timestamptz, j jsonb, a text[]
            )
            """)
        let id = Identifier()
        let moment = Date(timeIntervalSince1970: 1_764_000_000.123456)
        let insert = "INSERT INTO everything VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        try await db.connection.execute(
            insert,
            [
                id, "Grüezi \"Bern\" \\ {x}", Int32(-42), Int64(9_000_000_000), true, Decimal(string: "1234.56")!,
                PostgresDate(year: 2026, month: 2, day: 28), moment, PostgresJSON(text: #"{"a": [1, 2, {"b": null}]}"#),
                ["plain", "with,comma", "with \"quote\"", "back\\slash", "{braces}", "", "NULL"],
            ])
        let row = try #require(try await db.connection.query("SELECT * FROM everything WHERE id = $1", [id]).first)
        #expect(try row.decode(Identifier.self, column: "id") == id)
        #expect(try row.decode(String.self, column: "t") == "Grüezi \"Bern\" \\ {x}")
        #expect(try row.decode(Int32.self, column: "i") == -42)
        #expect(try row.decode(Int64.self, column: "b") == 9_000_000_000)
        #expect(try row.decode(Bool.self, column: "f") == true)
        #expect(try row.decode(Decimal.self, column: "n") == Decimal(string: "1234.56")!)
        #expect(try row.decode(PostgresDate.self, column: "d") == PostgresDate(year: 2026, month: 2, day: 28))
        let decodedMoment = try row.decode(Date.self, column: "ts")
        #expect(abs(decodedMoment.timeIntervalSince1970 - moment.timeIntervalSince1970) < 0.000001)
        let json = try row.decode(PostgresJSON.self, column: "j")
        #expect(json.text == #"{"a": [1, 2, {"b": null}]}"#)
        #expect(try row.decode([String].self, column: "a") == ["plain", "with,comma", "with \"quote\"", "back\\slash", "{braces}", "", "NULL"])

        // NULL in every column but the key.
        let nullID = Identifier()
        try await db.connection.execute(
            insert,
            [
                nullID, String?.none, Int32?.none, Int64?.none, Bool?.none, Decimal?.none, PostgresDate?.none,
                Date?.none, PostgresJSON?.none, [String]?.none,
            ])
        let nulls = try #require(try await db.connection.query("SELECT * FROM everything WHERE id = $1", [nullID]).first)
        #expect(try nulls.decode(String?.self, column: "t") == nil)
        #expect(try nulls.decode(Int32?.self, column: "i") == nil)
        #expect(try nulls.decode(Int64?.self, column: "b") == nil)
        #expect(try nulls.decode(Bool?.self, column: "f") == nil)
        #expect(try nulls.decode(Decimal?.self, column: "n") == nil)
        #expect(try nulls.decode(PostgresDate?.self, column: "d") == nil)
        #expect(try nulls.decode(Date?.self, column: "ts") == nil)
        #expect(try nulls.decode(PostgresJSON?.self, column: "j") == nil)
        #expect(try nulls.decode([String]?.self, column: "a") == nil)
        // Asking for a non-optional value of a NULL column is a typed error naming the column.
        let error = #expect(throws: PostgresError.self) { try nulls.decode(String.self, column: "t") }
        #expect(error?.code == .decoding)
        #expect(error?.message.contains("t is NULL") == true)
        try await db.drop()
    }

    /// uuid columns: bound as the lowercase text, stored as 16 bytes, read
    /// back in any case (a text column may hold capitals).
    @Test func identifiersRoundTripAndReadAnyCase() async throws {
        let db = try await TestDatabase.connect()
        try await db.connection.runScript("CREATE TABLE ids (id uuid PRIMARY KEY, written text NOT NULL)")
        let id = Identifier()
        try await db.connection.execute("INSERT INTO ids VALUES ($1, upper($1::text))", [id])
        let row = try #require(try await db.connection.query("SELECT id, id::text AS lower, written FROM ids WHERE id = $1", [id]).first)
        #expect(try row.decode(Identifier.self, column: "id") == id)
        #expect(try row.decode(String.self, column: "lower") == id.description)
        #expect(try row.decode(String.self, column: "written") == id.description.uppercased())
        #expect(try row.decode(Identifier.self, column: "written") == id)
        #expect(try await db.connection.query("SELECT 1 FROM ids WHERE id = $1::text::uuid", [id.description.uppercased()]).count == 1)
        #expect(throws: (any Error).self) { try Identifier(postgresText: "not-a-uuid", type: .text) }
        try await db.drop()
    }

    @Test func timestampsKeepMicrosecondsAndZones() throws {
        // Text the server may send, and what it means.
        let cases: [(String, Double)] = [
            ("2026-11-26 04:10:10+00", 1_795_666_210),
            ("2026-11-26 04:10:10.5+00", 1_795_666_210.5),
            ("2026-11-26 05:10:10.000001+01", 1_795_666_210.000001),
            ("1969-12-31 23:59:59.999999+00", -0.000001),
        ]
        for (text, seconds) in cases {
            let date = try Date(postgresText: text, type: .timestamptz)
            #expect(abs(date.timeIntervalSince1970 - seconds) < 0.0000005, "\(text)")
            let again = try Date(postgresText: #require(date.postgresText), type: .timestamptz)
            #expect(abs(again.timeIntervalSince1970 - seconds) < 0.0000005, "\(text) round trip")
        }
        #expect(throws: (any Error).self) { try Date(postgresText: "yesterday", type: .timestamptz) }
        #expect(PostgresDate("2026-02-29") == nil)
        #expect(PostgresDate("2028-02-29") != nil)
    }

    /// A date past year 9999 (a client may name one; the events worker adds
    /// offsets to it) keeps all its year digits on the way to the server.
    @Test func timestampsPastYear9999KeepTheirDigits() async throws {
        let db = try await TestDatabase.connect()
        let date = Date(timeIntervalSince1970: 253_402_300_800 + 43_200)  // 10000-01-01 12:00:00 UTC
        #expect(date.postgresText == "10000-01-01 12:00:00+00")
        // Before year 0: a minus, for the server to refuse (never a crash writing it).
        #expect(Date(timeIntervalSince1970: -63_000_000_000).postgresText?.hasPrefix("-0027-") == true)
        let row = try #require(try await db.connection.query("SELECT $1::timestamptz", [date]).first)
        #expect(try row.decode(Date.self, at: 0) == date)
        try await db.drop()
    }

    @Test func injectionTextIsStoredVerbatim() async throws {
        let db = try await TestDatabase.connect()
        try await db.connection.runScript("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)")
        let hostile = "Robert'); DROP TABLE notes; -- \\' OR '1'='1"
        try await db.connection.execute("INSERT INTO notes (body) VALUES ($1)", [hostile])
        let rows = try await db.connection.query("SELECT body FROM notes WHERE body = $1", [hostile])
        #expect(rows.count == 1)
        #expect(try rows[0].decode(String.self, at: 0) == hostile)
        try await db.drop()
    }

    @Test func aNULCharacterIsRefusedNotCutShort() async throws {
        let db = try await TestDatabase.connect()
        try await db.connection.runScript("CREATE TABLE notes (body text, tags text[])")
        for binds in [["before\u{0}after", [String]()], ["", ["ok", "before\u{0}after"]]] as [[any PostgresEncodable]] {
            let error = await #expect(throws: PostgresError.self) {
                try await db.connection.execute("INSERT INTO notes VALUES ($1, $2)", binds)
            }
            #expect(error?.code == .invalidParameter)
            #expect(error?.isDataError == true, "parked, not retried")
        }
        #expect(try await db.connection.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 0)
        try await db.drop()
    }

    @Test func throwingTransactionLeavesNoRow() async throws {
        struct Boom: Error {}
        let db = try await TestDatabase.connect()
        try await db.connection.runScript("CREATE TABLE items (id integer PRIMARY KEY)")
        await #expect(throws: Boom.self) {
            try await db.connection.transaction { connection in
                try connection.execute("INSERT INTO items VALUES ($1)", [1])
                throw Boom()
            }
        }
        let count = try await db.connection.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0)
        #expect(count == 0)
        // And one that returns commits.
        try await db.connection.transaction { connection in
            try connection.execute("INSERT INTO items VALUES ($1)", [2])
        }
        #expect(try await db.connection.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) == 1)
        try await db.drop()
    }

    @Test func serverErrorsCarrySQLState() async throws {
        let db = try await TestDatabase.connect()
        try await db.connection.runScript("CREATE TABLE people (email text PRIMARY KEY)")
        try await db.connection.execute("INSERT INTO people VALUES ($1)", ["a@example.org"])
        let error = await #expect(throws: PostgresError.self) {
            try await db.connection.execute("INSERT INTO people VALUES ($1)", ["a@example.org"])
        }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.isConnectionFailure == false)
        #expect(error?.constraint == "people_pkey")
        #expect(error?.query?.contains("INSERT INTO people") == true)
        // The connection stays usable after a statement error.
        #expect(try await db.connection.query("SELECT 1").count == 1)
        try await db.drop()
    }

    @Test func notificationsArriveAfterCommit() async throws {
        let configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        let channel = uniqueName("chan").replacingOccurrences(of: "-", with: "_")
        let listener = try await PostgresListener.listen(configuration, channels: [channel])
        let sender = try await PostgresConnection.connect(configuration)
        try await sender.transaction { connection in
            try connection.execute("SELECT pg_notify($1, $2)", [channel, "hello"])
        }
        var iterator = listener.notifications.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.channel == channel)
        #expect(first?.payload == "hello")
        listener.stop()
        await sender.close()
    }

    /// A listener that cannot connect (a server restarting, say) throws and
    /// leaves the process alive: its wake-up pipe is not written to once
    /// nobody reads it (that raised SIGPIPE and killed the process).
    @Test func aListenerThatCannotConnectThrowsAndLeavesTheProcessAlive() async throws {
        var nowhere = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        nowhere.port = 1
        for _ in 0..<5 {
            await #expect(throws: PostgresError.self) { _ = try await PostgresListener.listen(nowhere, channels: ["nowhere"]) }
        }
        // Still here: a listener that works afterwards gets its notification.
        let configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        let channel = uniqueName("alive").replacingOccurrences(of: "-", with: "_")
        let listener = try await PostgresListener.listen(configuration, channels: [channel])
        let sender = try await PostgresConnection.connect(configuration)
        try await sender.execute("SELECT pg_notify($1, 'still here')", [channel])
        var iterator = listener.notifications.makeAsyncIterator()
        #expect(try await iterator.next()?.payload == "still here")
        listener.stop()
        await sender.close()
    }
}
