import Postgres
import Testing

/// What `PostgresError`'s predicates tell a caller to do. Pure: errors as the
/// client builds them from the server's fields.
@Suite struct ErrorClassificationTests {
    static func server(_ sqlState: String, routine: String? = nil) -> PostgresError {
        PostgresError(.server, "text", sqlState: sqlState, routine: routine)
    }

    @Test(arguments: ["40001", "40P01", "55P03", "26000"])
    func worthRetryingTheTransaction(sqlState: String) {
        let error = Self.server(sqlState)
        #expect(error.isTransient)
        #expect(!error.isDataError)
        #expect(!error.isConnectionFailure)
    }

    @Test func onlyAStalePlanIsTheTransientFeatureNotSupported() {
        #expect(Self.server("0A000", routine: "RevalidateCachedQuery").isTransient)
        #expect(!Self.server("0A000", routine: "transformLockingClause").isTransient)
        #expect(!Self.server("0A000").isTransient)
    }

    @Test(arguments: ["22P02", "22003", "22001", "22021", "23502", "23503", "23505", "23514", "23P01"])
    func theInputCannotBeStored(sqlState: String) {
        let error = Self.server(sqlState)
        #expect(error.isDataError)
        #expect(!error.isTransient)
        #expect(!error.isConnectionFailure)
    }

    @Test(arguments: ["08006", "08001", "57P01", "57P02", "57P03", "57P05", "53300", "25P03", "25006"])
    func aNewConnectionMayWork(sqlState: String) {
        let error = Self.server(sqlState)
        #expect(error.isConnectionFailure)
        #expect(!error.isTransient)
        #expect(!error.isDataError)
    }

    @Test func kindsWithoutASQLState() {
        #expect(PostgresError(.connectionLost, "server closed the connection unexpectedly").isConnectionFailure)
        #expect(PostgresError(.closed, "the connection is closed").isConnectionFailure)
        #expect(!PostgresError(.decoding, "column a is NULL").isConnectionFailure)
        #expect(!PostgresError(.invalidConfiguration, "bad URL").isConnectionFailure)
        #expect(!PostgresError(.decoding, "column a is NULL").isDataError)
    }

    @Test func theOldPredicatesStay() {
        #expect(Self.server("23505").isUniqueViolation)
        #expect(!Self.server("23503").isUniqueViolation)
        #expect(Self.server("40001").isSerializationFailure && Self.server("40P01").isSerializationFailure)
        #expect(!Self.server("55P03").isSerializationFailure)
    }

    @Test func theDescriptionSaysWhatHappenedInFixedWords() {
        let error = PostgresError(
            .server, #"invalid input syntax for type uuid: "anna@example.com""#, sqlState: "22P02",
            detail: "Failing row contains (anna@example.com)", constraint: "c1", table: "people", column: "email",
            query: "INSERT INTO people (email) VALUES ($1)"
        )
        #expect(
            "\(error)"
                == "PostgresError.server: invalid text representation (SQLSTATE 22P02) table: people column: email constraint: c1 query: INSERT INTO people (email) VALUES ($1)"
        )
        #expect(String(reflecting: error).contains("anna@example.com"), "the full text on explicit request")
        // An unlisted SQLSTATE is described by its class.
        #expect("\(Self.server("22P06"))".contains("data exception"))
        // Errors without a SQLSTATE come from libpq or this client and keep their message.
        #expect("\(PostgresError(.connectionLost, "server closed the connection unexpectedly"))".contains("server closed"))
    }
}
