import Postgres
import TestSupport
import Testing

/// text[] parameters survive the server whatever their elements hold: the
/// outbox relay binds aggregate ids this way, and one bad literal wedged it.
@Suite struct TextArrayTests {
    /// Elements that break a literal written per Character or left unquoted.
    static let nasty: [String] = [
        "\"\u{301}",  // a quote and a combining mark: one grapheme
        "\\\u{301}",  // a backslash and a combining mark: one grapheme
        "\\", "\"", "\"\"", "\\\"", "a\\", "{", "}", "{}", "{a,b}", ",", "a,b", "", "NULL", "null",
        " ", "  leading and trailing  ", "tab\there", "line\nbreak", "é", "e\u{301}", "🇨🇭", "👩🏽‍💻",
        "\u{301}\"", "\"\u{301}\u{302}\\\u{301}",
        String(repeating: "x\"y\\z,{}", count: 20_000),
    ]

    @Test func nastyElementsRoundTripThroughTheServer() async throws {
        let db = try await TestDatabase.connect("arr")
        let echoed = try await db.connection.query("SELECT $1::text[]", [Self.nasty])[0].decode([String].self, at: 0)
        #expect(echoed == Self.nasty)
        #expect(echoed.map { Array($0.unicodeScalars) } == Self.nasty.map { Array($0.unicodeScalars) }, "scalar for scalar")
        let length = try await db.connection.query("SELECT cardinality($1::text[])", [Self.nasty])[0].decode(Int.self, at: 0)
        #expect(length == Self.nasty.count)
        try await db.drop()
    }

    @Test func unnestYieldsEachElementInOrder() async throws {
        let db = try await TestDatabase.connect("arr")
        let rows = try await db.connection.query(
            "SELECT element, position FROM unnest($1::text[]) WITH ORDINALITY AS u(element, position) ORDER BY position",
            [Self.nasty]
        )
        #expect(try rows.map { try $0.decode(String.self, at: 0) } == Self.nasty)
        try await db.drop()
    }

    @Test func anyMatchesEveryElementAndNothingElse() async throws {
        let db = try await TestDatabase.connect("arr")
        try await db.connection.runScript("CREATE TABLE outbox (id serial PRIMARY KEY, aggregate_id text NOT NULL)")
        for element in Self.nasty {
            try await db.connection.execute("INSERT INTO outbox (aggregate_id) VALUES ($1)", [element])
        }
        try await db.connection.execute("INSERT INTO outbox (aggregate_id) VALUES ($1)", ["not in the list"])
        let matched = try await db.connection.query(
            "SELECT aggregate_id FROM outbox WHERE aggregate_id = ANY($1::text[]) ORDER BY id", [Self.nasty]
        )
        #expect(try matched.map { try $0.decode(String.self, at: 0) } == Self.nasty)
        for element in Self.nasty {
            let found = try await db.connection.query("SELECT $1 = ANY($2::text[])", [element, Self.nasty])[0]
            #expect(try found.decode(Bool.self, at: 0), "\(element.unicodeScalars.map { $0.value })")
        }
        // The connection keeps working after all of that.
        #expect(try await db.connection.query("SELECT 1").count == 1)
        try await db.drop()
    }

    @Test func emptyArrayRoundTrips() async throws {
        let db = try await TestDatabase.connect("arr")
        let echoed = try await db.connection.query("SELECT $1::text[]", [[String]()])[0].decode([String].self, at: 0)
        #expect(echoed == [])
        try await db.drop()
    }
}
