import Postgres
import TestSupport
import Testing

/// What a `PostgresError` prints is safe to log and to put in a parked
/// message's headers: never the values of a row or of a parameter.
@Suite struct ErrorRedactionTests {
    static let email = "secret.person@example.com"

    @Test func aNotNullViolationNamesTheColumnButNotTheRow() async throws {
        let db = try await TestDatabase.connect("red")
        try await db.connection.runScript("CREATE TABLE people (id integer PRIMARY KEY, email text, name text NOT NULL)")
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await db.connection.execute("INSERT INTO people VALUES ($1, $2, $3)", [1, Self.email, String?.none])
            })
        let text = "\(error)"
        #expect(!text.contains(Self.email), "\(text)")
        #expect(text.contains("23502"), "\(text)")
        #expect(text.contains("name"), "\(text)")
        #expect(text.contains("people"), "\(text)")
        #expect(text.contains("INSERT INTO people"), "the SQL, never its parameters: \(text)")
        #expect(error.column == "name" && error.table == "people")
        #expect(error.isDataError)
        #expect(String(reflecting: error).contains(Self.email), "the full text on explicit request")
        try await db.drop()
    }

    @Test func aCheckViolationNamesTheConstraintButNotTheRow() async throws {
        let db = try await TestDatabase.connect("red")
        try await db.connection.runScript(
            """
            CREATE TABLE people (
                id integer PRIMARY KEY, email text NOT NULL,
                CONSTRAINT email_is_short CHECK (length(email) < 10)
            )
            """)
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await db.connection.execute("INSERT INTO people VALUES ($1, $2)", [1, Self.email])
            })
        let text = "\(error)"
        #expect(!text.contains(Self.email), "\(text)")
        #expect(text.contains("23514"), "\(text)")
        #expect(text.contains("email_is_short"), "\(text)")
        #expect(error.isDataError && !error.isTransient)
        try await db.drop()
    }

    @Test(arguments: [
        ("SELECT $1::uuid", "secret-value-42", "22P02"),  // invalid input syntax for type uuid: "..."
        ("SELECT $1::text::int2", "4242424242", "22003"),  // value "..." is out of range
    ])
    func aRejectedValueIsNotQuoted(sql: String, value: String, sqlState: String) async throws {
        let db = try await TestDatabase.connect("red")
        let error = try #require(
            await #expect(throws: PostgresError.self) {
                try await db.connection.query(sql, [value])
            })
        let text = "\(error)"
        #expect(!text.contains(value), "\(text)")
        #expect(text.contains(sqlState), "\(text)")
        #expect(error.isDataError)
        try await db.drop()
    }
}
