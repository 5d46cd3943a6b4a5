import Operations
import Postgres
import TestSupport
import Testing
import WorkerHost

/// `batbern status` reads each context's database as the operators' role
/// (`batbern_operator`): its queries ask only for columns that role may read.
@Suite(.serialized) struct OperatorRoleTests {
    @Test(arguments: BoundedContext.allCases) func theStatusQueriesRunAsTheOperatorsRole(_ context: BoundedContext) async throws {
        try await TestServers.migrateAsOwner(context.rawValue)
        let reader = try await PostgresConnection.connect(
            PostgresConnection.Configuration(url: Settings(environment: [:]).operatorDatabaseURL(for: context))
        )
        #expect(try await reader.query("SELECT current_user::text")[0].decode(String.self, at: 0) == "batbern_operator")
        let backlog = try await reader.query(OperatorQueries.outboxBacklog)
        #expect(try backlog[0].decode(Int.self, at: 0) >= 0 && backlog[0].decode(Double.self, at: 1) >= 0)
        let timers = try await reader.query(OperatorQueries.timersDue)
        #expect(try timers[0].decode(Int.self, at: 0) >= 0 && timers[0].decode(Double.self, at: 1) >= 0)
        await reader.close()
    }
}
