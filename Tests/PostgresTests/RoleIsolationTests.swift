import Postgres
import Testing
import TestSupport

@Suite struct RoleIsolationTests {
    @Test func aContextRoleReachesOnlyItsOwnDatabase() async throws {
        let own = try PostgresConnection.Configuration(url: TestServers.contextDatabaseURL("events"))
        let connection = try await PostgresConnection.connect(own)
        #expect(try await connection.query("SELECT current_database()")[0].decode(String.self, at: 0) == "batbern_events")
        await connection.close()

        for other in ["companies", "partners", "speakers", "attendees"] {
            var foreign = own
            foreign.database = "batbern_\(other)"
            let error = await #expect(throws: PostgresError.self) {
                _ = try await PostgresConnection.connect(foreign)
            }
            #expect(error?.code == .connectFailed)
            #expect(error?.message.contains("permission denied") == true)
            #expect(error?.message.contains("dev-secret") == false, "no password in errors")
        }
    }
}
