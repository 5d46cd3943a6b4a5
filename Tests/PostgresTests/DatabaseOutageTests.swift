import Postgres
import Retry
import TestSupport
import Testing

/// Restarts PostgreSQL; runs alone (see deploy/local/test.sh).
@Suite(.serialized) struct DatabaseOutageTests {
    @Test func queryLoopSurvivesARestartWithTypedErrors() async throws {
        let configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        var connection = try await PostgresConnection.connect(configuration)
        var failures: [PostgresError] = []
        var successesAfterFailure = 0

        let restart = Task { try await runLocalScript("postgres.sh", "restart") }
        let deadline = ContinuousClock.now + .seconds(60)
        while successesAfterFailure < 20 && ContinuousClock.now < deadline {
            do {
                let value = try await connection.query("SELECT $1::int + 1", [Int32(41)])[0].decode(Int.self, at: 0)
                #expect(value == 42)
                if !failures.isEmpty { successesAfterFailure += 1 }
            } catch let error as PostgresError {
                failures.append(error)
                connection = try await PostgresConnection.connect(configuration, retrying: backoff)
            }
        }
        _ = try await restart.value

        #expect(!failures.isEmpty, "the restart was seen")
        for failure in failures {
            #expect(failure.isConnectionFailure, "\(failure)")
        }
        #expect(successesAfterFailure == 20, "queries work again after reconnecting")
        await connection.close()
    }
}
